import { prometheusMetrics } from '@identity-web/core';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/ports/logger.port.js';
import { setup } from '../support/helpers.js';

// A sign-in that went on without UserInfo (the IdP package's `warnings`) is heard once: one warn
// line naming the cause and the fix, one `userInfoFailed` event, one counter step by reason.

function world() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, message: string): void => {
      lines.push({ level, fields, message });
    };
  const logger: Logger = { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
  const t = setup({ logger });
  const redeem = t.idp.redeemCode.bind(t.idp);
  t.idp.redeemCode = async (redemption) => ({
    ...(await redeem(redemption)),
    warnings: [{ step: 'userinfo', reason: 'refused', detail: 'UserInfo failed: HTTP 401; set "userinfo: false"' }],
  });
  return { t, lines, metrics: prometheusMetrics(t.identity) };
}

describe('a sign-in whose UserInfo request failed', () => {
  it('signs the user in, writes one warn line with the cause and the fix, and counts it by reason', async () => {
    const { t, lines, metrics } = world();
    const events: unknown[] = [];
    t.identity.on('userInfoFailed', (e) => void events.push(e));
    const session = await t.signIn('alice');
    expect(session.account.subject).toBe('alice');
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        message: "identity-web: UserInfo failed, signed in with the ID token's claims",
        fields: {
          event: 'userinfo_failed',
          reason: 'refused',
          issuer: t.idp.issuer,
          detail: 'UserInfo failed: HTTP 401; set "userinfo: false"',
        },
      },
    ]);
    expect(events).toEqual([
      { reason: 'refused', issuer: t.idp.issuer, detail: 'UserInfo failed: HTTP 401; set "userinfo: false"' },
    ]);
    const text = await metrics();
    expect(text).toContain('identity_web_userinfo_failures_total{reason="refused"} 1');
    expect(text).toContain('identity_web_userinfo_failures_total{reason="unavailable"} 0');
    expect(text).toContain('identity_web_sign_ins_total 1');
  });
});
