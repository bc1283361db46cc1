import { ErrorCode, IdentityWebError, prometheusMetrics } from '@identity-web/core';
import { TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/ports/logger.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { setup } from '../support/helpers.js';
import { webApp } from '../support/web-app.js';

// A logout notification that ends nothing leaves a user's tokens alive after their sign-out
// elsewhere, and the provider may never retry: every one is one warn line and one counter step.

type Fault = 'none' | 'store' | 'idp-down' | 'idp-error' | 'bug';

async function world(fault: Fault = 'none') {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (fields, message) => warnings.push({ fields, message }),
    error: () => {},
  };
  const probe = setup();
  const registry = new MemoryAccountRegistry(probe.clock);
  if (fault === 'store' || fault === 'bug') {
    registry.findBySid = async () => {
      if (fault === 'bug') throw new TypeError('a bug in a custom store');
      throw new IdentityWebError(ErrorCode.StoreUnavailable, 'the store is unreachable');
    };
  }
  const t = setup({ clock: probe.clock, logger, stores: { accountRegistry: registry } });
  if (fault === 'idp-down' || fault === 'idp-error') {
    t.idp.verifyLogoutToken = async () => {
      throw fault === 'idp-down'
        ? new IdentityWebError(ErrorCode.IdpUnavailable, 'the keys could not be fetched')
        : new IdentityWebError(ErrorCode.IdpError, 'the JWKS endpoint answered an unusable key set');
    };
  }
  const metrics = prometheusMetrics(t.identity);
  const browser = new TestBrowser((await webApp(t.identity)).fetch);
  const counts = async () => {
    const counted = new Map<string, number>();
    for (const [, channel, reason, n] of (await metrics()).matchAll(
      /^identity_web_logout_refused_total\{channel="([^"]+)",reason="([^"]+)"\} (\d+)$/gm,
    )) {
      counted.set(`${channel} ${reason}`, Number(n));
    }
    return counted;
  };
  const backChannel = (body: string, type = 'application/x-www-form-urlencoded') =>
    browser.fetch('/auth/back-channel-logout', { method: 'POST', headers: { 'content-type': type }, body });
  return { t, warnings, counts, backChannel, browser };
}

/** Runs `send` and asserts exactly one warn line and one counter step, both naming `reason`. */
async function expectRefusal(
  w: Awaited<ReturnType<typeof world>>,
  channel: string,
  reason: string,
  send: () => Promise<Response>,
  status: number,
) {
  const before = await w.counts();
  const warned = w.warnings.length;
  const response = await send();
  expect(response.status).toBe(status);
  const after = await w.counts();
  const stepped = [...after].filter(([key, n]) => n !== before.get(key));
  expect(stepped).toEqual([[`${channel} ${reason}`, (before.get(`${channel} ${reason}`) ?? 0) + 1]]);
  // An IdP that failed is also heard as such (`operation`, `code`); the refusal is one line of its own.
  const lines = w.warnings.slice(warned).filter((l) => l.fields.operation === undefined);
  expect(lines).toHaveLength(1);
  expect(lines[0]!.fields).toEqual({
    event: 'logout_refused',
    channel,
    reason,
    issuer: w.t.idp.issuer,
    detail: expect.stringMatching(/.+/),
  });
  // One message per channel, whatever the request: what failed is a field.
  expect(lines[0]!.message).toBe(`identity-web: ${channel} logout refused`);
  return lines[0]!;
}

describe('refused logout notifications are heard', () => {
  it('shows every channel and reason from the start, at 0', async () => {
    const w = await world();
    const counted = await w.counts();
    expect(counted.size).toBe(20);
    expect([...counted.values()].every((n) => n === 0)).toBe(true);
  });

  it('back-channel: a missing token, a bad one and a replay, each named, never quoting the token', async () => {
    const w = await world();
    await w.t.signIn('alice', 's1');
    await expectRefusal(w, 'back-channel', 'invalid_request', () => w.backChannel('nothing=here'), 400);
    await expectRefusal(w, 'back-channel', 'invalid_request', () => w.backChannel('{}', 'application/json'), 400);
    const forged = `${(await w.t.idp.logoutToken({ sid: 's1' })).split('.').slice(0, 2).join('.')}.forged`;
    const bad = await expectRefusal(
      w,
      'back-channel',
      'invalid_logout_token',
      () => w.backChannel(`logout_token=${forged}`),
      400,
    );
    expect(JSON.stringify(bad)).not.toContain(forged.split('.')[1]);
    const token = await w.t.idp.logoutToken({ sid: 's1' });
    expect((await w.backChannel(`logout_token=${token}`)).status).toBe(200);
    const replay = await expectRefusal(
      w,
      'back-channel',
      'logout_token_replayed',
      () => w.backChannel(`logout_token=${token}`),
      400,
    );
    expect(replay.fields.detail).toBe('logout token was already used');
    expect(JSON.stringify(w.warnings)).not.toContain(token.split('.')[1]);
  });

  it.each([
    ['store', 'store_unavailable', 503],
    ['idp-down', 'idp_unavailable', 503],
    ['idp-error', 'idp_error', 502],
    ['bug', 'internal_error', 500],
  ] as const)('back-channel: a delivery that failed (%s) counts as %s', async (fault, reason, status) => {
    const w = await world(fault);
    await w.t.signIn('alice', 's1');
    const token = await w.t.idp.logoutToken({ sid: 's1' });
    const line = await expectRefusal(w, 'back-channel', reason, () => w.backChannel(`logout_token=${token}`), status);
    // A bug's own message stays out of the warn line: it may quote anything.
    if (fault === 'bug') expect(line.message).not.toContain('custom store');
  });

  it('front-channel: a malformed request, another issuer, and no session named', async () => {
    const w = await world();
    const alice = await w.t.signIn('alice', 's1');
    const iss = encodeURIComponent(w.t.idp.issuer);
    const get = (query: string) => () => w.browser.fetch(`/auth/front-channel-logout${query}`);
    await expectRefusal(w, 'front-channel', 'invalid_request', get(`?iss=${iss}`), 200);
    await expectRefusal(w, 'front-channel', 'invalid_request', get(`?iss=${iss}&sid=s1&sid=s2`), 200);
    await expectRefusal(
      w,
      'front-channel',
      'wrong_issuer',
      get(`?iss=${encodeURIComponent('https://evil.test')}&sid=s1`),
      200,
    );
    await expectRefusal(w, 'front-channel', 'no_session_named', get(''), 200);
    expect(await w.t.sessions.getSession(alice.id)).not.toBeNull();
    // A logout that ends a session is no refusal, and neither is one for a session already gone.
    const warned = w.warnings.length;
    expect((await get(`?iss=${iss}&sid=s1`)()).status).toBe(200);
    expect((await get(`?iss=${iss}&sid=s1`)()).status).toBe(200);
    expect(w.warnings).toHaveLength(warned);
    expect(await w.t.sessions.getSession(alice.id)).toBeNull();
  });
});
