import { describe, expect, it } from 'vitest';
import { accountKeyFor } from '../../src/domain/account.js';
import type { SignInHook } from '../../src/domain/sign-in-event.js';
import { SessionRecords } from '../../src/records/session-records.js';
import { CompleteSignIn } from '../../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../../src/use-cases/start-sign-in.js';
import { setup } from '../support/helpers.js';

async function callback(t: ReturnType<typeof setup>, subject: string) {
  const { url, transaction } = await t.container.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
  return t.container.resolve(CompleteSignIn).execute(t.idp.login(url, subject, `sid-${subject}`), transaction);
}

async function nothingKeptFor(t: ReturnType<typeof setup>, subject: string) {
  expect(await t.tokenCache.getPartition(await accountKeyFor(t.idp.issuer, subject))).toBeNull();
  expect(await t.registry.findBySubject(t.idp.issuer, subject)).toEqual([]);
  expect(await t.sessions.countSessions?.()).toBe(0);
}

describe('CompleteSignIn with onSignIn', () => {
  it('refuses with sign_in_refused (403) and stores no session, partition or registry entry', async () => {
    const t = setup({ onSignIn: () => false, revokeOnRemove: false });
    await expect(callback(t, 'mallory')).rejects.toMatchObject({ code: 'sign_in_refused', status: 403, expose: true });
    await nothingKeptFor(t, 'mallory');
    // The refresh token is dropped, and with revokeOnRemove off never revoked at the IdP.
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(0);
  });

  it('revokes the refused sign-in refresh token by default, without the refusal waiting for it', async () => {
    const t = setup({ onSignIn: async () => false });
    // A provider that answers the revocation only when the test says so.
    let answer = () => {};
    const revoked: string[] = [];
    t.idp.revoke = (partition) =>
      new Promise<void>((resolve) => {
        answer = () => {
          revoked.push(partition);
          resolve();
        };
      });
    await expect(callback(t, 'mallory')).rejects.toMatchObject({ code: 'sign_in_refused' });
    expect(revoked).toEqual([]);
    answer();
    await t.identity.settled();
    expect(revoked).toHaveLength(1);
  });

  it('keeps nothing when the hook throws', async () => {
    const t = setup({
      onSignIn: () => {
        throw new Error('directory down');
      },
    });
    await expect(callback(t, 'ann')).rejects.toThrow('directory down');
    await nothingKeptFor(t, 'ann');
  });

  it('adds app claims over the IdP ones, sealed in the session record', async () => {
    const hook: SignInHook = ({ claims }) => ({ claims: { plan: 'pro', sub: 'not-the-subject', seen: claims.sub } });
    const t = setup({ onSignIn: hook });
    const { session } = await callback(t, 'ann');
    const stored = await t.container.resolve(SessionRecords).get(session.id);
    expect(stored?.account.claims).toMatchObject({ plan: 'pro', seen: 'ann', sub: 'not-the-subject' });
    // Identity stays the IdP's: what logout and the registry rely on is never an app claim.
    expect(stored?.account.subject).toBe('ann');
    expect(stored?.accountKey).toBe(await accountKeyFor(t.idp.issuer, 'ann'));
  });

  it('stores app claims as JSON gives them back, and refuses what is not an object or too large', async () => {
    const when = new Date(Date.UTC(2026, 0, 1));
    const t = setup({ onSignIn: () => ({ claims: { when } }) });
    const { session } = await callback(t, 'ann');
    expect(session.account.claims?.when).toBe(when.toISOString());
    for (const decision of [{ claims: [1] }, { claims: { big: 'x'.repeat(9000) } }, 'yes']) {
      const u = setup({ onSignIn: (() => decision) as unknown as SignInHook });
      await expect(callback(u, 'bob')).rejects.toMatchObject({ code: 'invalid_argument', option: 'onSignIn' });
      await nothingKeptFor(u, 'bob');
    }
  });

  it('lets the sign-in through unchanged for nothing, true and { }', async () => {
    for (const hook of [() => undefined, async () => {}, async () => true, async () => ({})] as SignInHook[]) {
      const t = setup({ onSignIn: hook });
      const { session } = await callback(t, 'ann');
      expect(session.account.claims).toEqual({ sub: 'ann' });
    }
  });
});
