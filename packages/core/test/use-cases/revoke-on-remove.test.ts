import { prometheusMetrics } from '@identity-web/core';
import { describe, expect, it } from 'vitest';
import type { RemovalReason } from '../../src/domain/events.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { HandleBackChannelLogout } from '../../src/use-cases/handle-back-channel-logout.js';
import { HandleFrontChannelLogout } from '../../src/use-cases/handle-front-channel-logout.js';
import { RemoveAccount } from '../../src/use-cases/remove-account.js';
import { REVOCATIONS_AT_ONCE, Revocations } from '../../src/use-cases/revocations.js';
import { SignOut } from '../../src/use-cases/sign-out.js';
import { setup } from '../support/helpers.js';

// `revokeOnRemove` (RFC 7009): on by default for every removal the app starts, never for a
// logout the provider sent, and never on the sign-out's path: a revocation that hangs or fails
// neither delays nor fails the removal, and is logged and counted.

function recording(options: Parameters<typeof setup>[0] = {}) {
  const warnings: Array<{ message: string; fields: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (fields, message) => void warnings.push({ message, fields }),
    error() {},
  };
  return { t: setup({ logger, ...options }), warnings };
}

/** Whether `promise` settles within a few event-loop turns. */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  const late = Symbol('late');
  const timer = new Promise((resolve) => setTimeout(resolve, 50, late));
  return (await Promise.race([promise.then(() => true), timer])) !== late;
}

const APP_STARTED: RemovalReason[] = ['sign-out', 'api', 'replaced', 'evicted'];
const PROVIDER_SENT: RemovalReason[] = ['back-channel', 'front-channel', 'security-event'];

describe('revokeOnRemove: which removals revoke', () => {
  it('is on by default: the sign-out route’s removal revokes the refresh token at the provider', async () => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    await t.container.resolve(SignOut).execute(alice);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(1);
  });

  it('is on by default for the app’s own removals: removeAccount and signOutUser (reason api)', async () => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    expect(await t.identity.signOutUser({ issuer: t.idp.issuer, subject: bob.account.subject })).toBe(1);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(2);
  });

  it('revokes the previous account’s token when a new sign-in in the same browser replaces it', async () => {
    const { t } = recording();
    const bob = await t.signIn('bob');
    await t.signIn('alice', 'sid-alice', bob.id);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(1);
  });

  it.each(APP_STARTED)('revokes for a removal the app started (%s)', async (reason) => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    await t.container.resolve(RemoveAccount).execute(alice.accountKey, reason);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(1);
  });

  it.each(PROVIDER_SENT)('never calls the provider back for a logout it sent (%s)', async (reason) => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    await t.container.resolve(RemoveAccount).execute(alice.accountKey, reason);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(0);
  });

  it('never calls the provider back from its back-channel and front-channel logouts', async () => {
    const { t } = recording();
    await t.signIn('alice', 's1');
    await t.signIn('bob', 's2');
    expect(await t.container.resolve(HandleBackChannelLogout).execute(await t.idp.logoutToken({ sid: 's1' }))).toBe(1);
    const front = t.container.resolve(HandleFrontChannelLogout);
    expect(await front.execute({ iss: [t.idp.issuer], sid: ['s2'], cookieSession: null })).toEqual({ removed: 1 });
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(0);
  });

  it('is off with revokeOnRemove: false, for a sign-out and for the app’s own removals', async () => {
    const { t } = recording({ revokeOnRemove: false });
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    await t.container.resolve(SignOut).execute(alice);
    await t.identity.removeAccount(bob.accountKey);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(0);
  });
});

describe('revokeOnRemove: never on the sign-out’s path', () => {
  it('a revocation that never answers delays neither the removal nor the sign-out', async () => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    const bob = await t.signIn('bob');
    let started = 0;
    t.idp.revoke = () => {
      started++;
      return new Promise<void>(() => {});
    };
    expect(await settlesSoon(t.container.resolve(RemoveAccount).execute(alice.accountKey, 'api'))).toBe(true);
    expect(await settlesSoon(t.container.resolve(SignOut).execute(bob))).toBe(true);
    expect(started).toBe(2);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.sessions.getSession(bob.id)).toBeNull();
    // Still tracked: settled() waits for them.
    expect(await settlesSoon(t.identity.settled())).toBe(false);
  });

  it('settled() waits for a revocation in flight, and resolves once it ends', async () => {
    const { t } = recording();
    const alice = await t.signIn('alice');
    let answer = () => {};
    t.idp.revoke = () =>
      new Promise<void>((resolve) => {
        answer = resolve;
      });
    await t.identity.removeAccount(alice.accountKey);
    const settled = t.identity.settled();
    expect(await settlesSoon(settled)).toBe(false);
    answer();
    expect(await settlesSoon(settled)).toBe(true);
  });

  it('a revocation that fails is logged with its code and counted, and the removal still stands', async () => {
    const { t, warnings } = recording();
    const metrics = prometheusMetrics(t.identity);
    const alice = await t.signIn('alice');
    t.idp.revoke = async () => {
      throw Object.assign(new Error('endpoint down'), { code: 'idp_unavailable' });
    };
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    await t.identity.settled();
    expect(warnings).toContainEqual({
      message: 'identity-web: refresh token revocation failed',
      fields: { code: 'idp_unavailable' },
    });
    const text = await metrics();
    expect(text).toContain('identity_web_idp_errors_total{operation="revoke"} 1');
    expect(text).toContain('identity_web_idp_call_duration_seconds_count{operation="revoke"} 1');
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
  });

  it('a revocation that throws at once, and a logger that throws, never escape', async () => {
    const t = setup({
      logger: {
        debug() {},
        info() {},
        warn() {
          throw new Error('logger down');
        },
        error() {},
      },
    });
    const alice = await t.signIn('alice');
    t.idp.revoke = () => {
      throw new Error('not even a promise');
    };
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    await expect(t.identity.settled()).resolves.toBeUndefined();
  });
});

describe('revocations under way', () => {
  it(`skip past ${REVOCATIONS_AT_ONCE} at once with a warning, and settled() waits only for those started before it`, async () => {
    const warnings: unknown[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (fields: unknown) => warnings.push(fields) };
    const revocations = new Revocations({ revokeOnRemove: true } as never, logger as never);
    const hanging = { revoke: () => new Promise<void>(() => {}) };
    for (let i = 0; i <= REVOCATIONS_AT_ONCE; i++) revocations.start(hanging as never, `{"rt":"rt-${i}"}`);
    expect(warnings).toEqual([{ code: 'too_many_revocations' }]);

    const quick = new Revocations({ revokeOnRemove: true } as never, logger as never);
    let release!: () => void;
    quick.start({ revoke: () => new Promise<void>((resolve) => (release = resolve)) } as never, '{}');
    const settled = quick.settled();
    quick.start(hanging as never, '{}'); // started after: settled() does not wait for it
    release();
    await expect(settled).resolves.toBeUndefined();
  });
});
