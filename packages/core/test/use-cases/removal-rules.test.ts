import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/ports/logger.port.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { RemoveAccount } from '../../src/use-cases/remove-account.js';
import { SignOut } from '../../src/use-cases/sign-out.js';
import { setup } from '../support/helpers.js';

// Account removal and sign-out: what must be gone afterwards, what must never happen by default,
// and what an operator must be told when the IdP part fails.

function recordingLogger() {
  const warnings: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (fields, message) => {
      warnings.push({ message, fields });
    },
    error() {},
  };
  return { logger, warnings };
}

function withRecorders(options: Parameters<typeof setup>[0] = {}) {
  const { logger, warnings } = recordingLogger();
  const bus = new MemoryInvalidationBus();
  const messages: unknown[] = [];
  bus.subscribe((m) => messages.push(m));
  const t = setup({ ...options, logger, stores: { ...options.stores, invalidationBus: bus } });
  return { t, warnings, messages };
}

describe('RemoveAccount', () => {
  it('never calls the revocation endpoint with revokeOnRemove off', async () => {
    const { t } = withRecorders({ revokeOnRemove: false });
    const alice = await t.signIn('alice');
    expect(t.idp.revoke).toBeDefined();
    await t.identity.removeAccount(alice.accountKey);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(0);
  });

  it('revokes only a partition that exists, and warns when the revocation fails', async () => {
    const { t, warnings } = withRecorders();
    const alice = await t.signIn('alice');
    await t.identity.removeAccount(alice.accountKey);
    // Already gone: nothing to revoke, nothing to warn about.
    await t.identity.removeAccount(alice.accountKey);
    await t.identity.settled();
    expect(t.idp.calls.revoke).toBe(1);
    expect(warnings).toEqual([]);
    const bob = await t.signIn('bob');
    t.idp.revoke = async () => {
      throw Object.assign(new Error('endpoint down'), { code: 'idp_unavailable' });
    };
    expect(await t.identity.removeAccount(bob.accountKey)).toBe(true);
    await t.identity.settled();
    // The removal's own warning, besides the timed IdP call's.
    expect(warnings).toContainEqual({
      message: 'identity-web: refresh token revocation failed',
      fields: { code: 'idp_unavailable' },
    });
  });

  it('still removes the account when the partition cannot be read for revocation', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    const read = t.tokenCache.getPartition.bind(t.tokenCache);
    t.tokenCache.getPartition = async () => {
      throw new Error('store read failed');
    };
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    t.tokenCache.getPartition = read;
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.sessions.getSession(alice.id)).toBeNull();
  });

  it('tells every instance which account and which sessions ended, and reports only sessions that existed', async () => {
    const { t, messages } = withRecorders();
    const first = await t.signIn('alice', 's1');
    const second = await t.signIn('alice', 's2');
    const ended: unknown[] = [];
    t.identity.on('sessionEnded', (e) => {
      ended.push(e);
    });
    messages.length = 0;
    await t.container.resolve(RemoveAccount).execute(first.accountKey, 'back-channel', ['never-existed']);
    expect(messages).toEqual([
      { type: 'account-removed', accountKey: first.accountKey },
      { type: 'session-ended', sessionId: 'never-existed' },
      { type: 'session-ended', sessionId: first.id },
      { type: 'session-ended', sessionId: second.id },
    ]);
    expect(ended).toEqual([
      { sessionId: first.id, accountKey: first.accountKey, reason: 'back-channel' },
      { sessionId: second.id, accountKey: first.accountKey, reason: 'back-channel' },
    ]);
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([]);
  });
  it('ends only sessions of the account: a removal from the API names no other session to any instance', async () => {
    const { t, messages } = withRecorders();
    const first = await t.signIn('alice', 's1');
    const second = await t.signIn('alice', 's2');
    const bob = await t.signIn('bob', 's3');
    messages.length = 0;
    await t.identity.removeAccount(first.accountKey);
    expect(messages).toEqual([
      { type: 'account-removed', accountKey: first.accountKey },
      { type: 'session-ended', sessionId: first.id },
      { type: 'session-ended', sessionId: second.id },
    ]);
    expect(await t.sessions.getSession(bob.id)).not.toBeNull();
  });

  it('does not decrypt the refresh token for revocation when the IdP cannot revoke', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    Object.assign(t.idp, { revoke: undefined });
    const read = t.tokenCache.getPartition.bind(t.tokenCache);
    let reads = 0;
    t.tokenCache.getPartition = async (key) => {
      reads++;
      return read(key);
    };
    expect(await t.identity.removeAccount(alice.accountKey)).toBe(true);
    expect(reads).toBe(0);
    expect(await read(alice.accountKey)).toBeNull();
  });
});

describe('SignOut', () => {
  it('ends the current session even when the registry lost its entry', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    // Evicted or expired from the registry while the session still lives.
    await t.registry.forgetAccount(alice.accountKey);
    await t.container.resolve(SignOut).execute(alice);
    expect(await t.sessions.getSession(alice.id)).toBeNull();
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
  });

  it('reports the removal and the ended session as a sign-out', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    const seen: string[] = [];
    t.identity.on('accountRemoved', (e) => {
      seen.push(`account ${e.accountKey} ${e.reason}`);
    });
    t.identity.on('sessionEnded', (e) => {
      seen.push(`session ${e.sessionId} ${e.reason}`);
    });
    await t.container.resolve(SignOut).execute(alice);
    expect(seen).toEqual([`account ${alice.accountKey} sign-out`, `session ${alice.id} sign-out`]);
  });

  it('removes the account, then sends the browser to the IdP with the hints and a fresh state', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    const { endSessionUrl, state } = await t.container.resolve(SignOut).execute(alice);
    expect(await t.tokenCache.getPartition(alice.accountKey)).toBeNull();
    expect(await t.sessions.getSession(alice.id)).toBeNull();
    const q = endSessionUrl!.searchParams;
    expect(q.get('state')).toBe(state);
    expect(state.length).toBeGreaterThan(20);
    expect(q.get('post_logout_redirect_uri')).toBe('http://localhost:3000/auth/signed-out');
    expect(q.get('id_token_hint')).toBe('id-token-of-alice');
    expect(q.get('logout_hint')).toBe('hint-alice');
  });

  it('sends no hint the session does not have', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    const { idTokenHint: _hint, ...withoutHint } = alice;
    const bare = { ...withoutHint, account: { ...alice.account, loginHint: undefined } };
    const { endSessionUrl } = await t.container.resolve(SignOut).execute(bare);
    expect(endSessionUrl!.searchParams.has('id_token_hint')).toBe(false);
    expect(endSessionUrl!.searchParams.has('logout_hint')).toBe(false);
  });

  it('without a session ends nothing and goes to the local signed-out page, with no IdP warning', async () => {
    const { t, warnings } = withRecorders();
    const alice = await t.signIn('alice');
    const hooks: unknown[] = [];
    t.identity.on('beforeSignOutRedirect', (h) => {
      hooks.push({ ...h });
    });
    const { endSessionUrl } = await t.container.resolve(SignOut).execute(null);
    expect(endSessionUrl).toBeNull();
    expect(t.idp.calls.endSession).toBe(0);
    expect(hooks).toEqual([{ account: null, url: null }]);
    expect(await t.sessions.getSession(alice.id)).not.toBeNull();
    // No session means no end-session URL to ask for, not an IdP failure to warn an operator about.
    expect(warnings).toEqual([]);
  });

  it('signs out locally and warns when the IdP cannot give an end-session URL', async () => {
    const { t, warnings } = withRecorders();
    const alice = await t.signIn('alice');
    t.idp.endSessionUrl = async () => {
      throw Object.assign(new Error('discovery failed'), { code: 'idp_unavailable' });
    };
    const { endSessionUrl } = await t.container.resolve(SignOut).execute(alice);
    expect(endSessionUrl).toBeNull();
    expect(await t.sessions.getSession(alice.id)).toBeNull();
    expect(warnings).toContainEqual({
      message: 'identity-web: end-session URL unavailable',
      fields: { code: 'idp_unavailable' },
    });
  });

  it('lets the app hook replace the end-session URL, after the local removal', async () => {
    const { t } = withRecorders();
    const alice = await t.signIn('alice');
    const seen: Array<{ account: string | undefined; partition: boolean }> = [];
    t.identity.on('beforeSignOutRedirect', async (hook) => {
      seen.push({
        account: hook.account?.subject,
        partition: (await t.tokenCache.getPartition(alice.accountKey)) !== null,
      });
      hook.url = new URL('https://idp.test/custom-logout');
    });
    const { endSessionUrl } = await t.container.resolve(SignOut).execute(alice);
    expect(endSessionUrl?.href).toBe('https://idp.test/custom-logout');
    expect(seen).toEqual([{ account: 'alice', partition: false }]);
  });
});
