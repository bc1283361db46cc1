import { describe, expect, it } from 'vitest';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { CompleteSignIn } from '../../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../../src/use-cases/start-sign-in.js';
import { API, setup } from '../support/helpers.js';

// CompleteSignIn: the callback is checked against this browser's transaction before any code is
// redeemed, and the session it opens carries exactly what the sign-in returned.

async function started(t: ReturnType<typeof setup>, subject = 'alice') {
  const { url, transaction } = await t.container.resolve(StartSignIn).execute({ returnTo: '/', statePrefix: '0' });
  return { transaction, params: t.idp.login(url, subject, `sid-${subject}`) };
}

describe('CompleteSignIn rules', () => {
  it('refuses an empty state as no state at all', async () => {
    const t = setup();
    const { params, transaction } = await started(t);
    params.set('state', '');
    await expect(t.container.resolve(CompleteSignIn).execute(params, transaction)).rejects.toMatchObject({
      code: 'invalid_state',
      status: 400,
      message: 'the sign-in response has no state',
    });
    expect(t.idp.calls.redeem).toBe(0);
  });

  it("names the reason for another browser's state", async () => {
    const t = setup();
    const mine = await started(t);
    const theirs = await started(t, 'mallory');
    await expect(t.container.resolve(CompleteSignIn).execute(theirs.params, mine.transaction)).rejects.toMatchObject({
      message: 'the sign-in was started in another browser, or already completed',
    });
  });

  it('refuses the transaction from the very millisecond it expires', async () => {
    const t = setup({ signInTtlSeconds: 60 });
    const { params, transaction } = await started(t);
    t.clock.advance(transaction.expiresAt - t.clock.now());
    await expect(t.container.resolve(CompleteSignIn).execute(params, transaction)).rejects.toMatchObject({
      code: 'invalid_state',
      message: 'the sign-in has expired',
    });
    expect(t.idp.calls.redeem).toBe(0);
  });

  it('opens a fresh session with the IdP session id and id token, and announces it', async () => {
    const t = setup();
    const signedIn: unknown[] = [];
    t.identity.on('signedIn', (e) => {
      signedIn.push(e);
    });
    const a = await started(t);
    const { session } = await t.container.resolve(CompleteSignIn).execute(a.params, a.transaction);
    expect(session.sid).toBe('sid-alice');
    expect(session.idTokenHint).toBe('id-token-of-alice');
    expect(session.issuer).toBe(t.idp.issuer);
    expect(session.scopes).toEqual(a.transaction.scopes);
    expect(session.id).not.toBe(session.csrfToken);
    expect(signedIn).toEqual([{ account: session.account, sessionId: session.id }]);
  });

  it('records the scopes the user actually consented to, not the ones asked for', async () => {
    const t = setup();
    const a = await started(t);
    // The user declines the API scope on the consent page.
    t.idp.withhold('alice', API);
    const { session } = await t.container.resolve(CompleteSignIn).execute(a.params, a.transaction);
    expect(session.scopes).toContain(API);
    expect(session.grantedScopes).not.toContain(API);
    expect([...(session.grantedScopes ?? [])].sort()).toEqual(['offline_access', 'openid']);
  });

  it('leaves sid and the id token out when the IdP sent none', async () => {
    const t = setup();
    const redeem = t.idp.redeemCode.bind(t.idp);
    t.idp.redeemCode = async (r) => {
      const { sid: _sid, idToken: _idToken, ...rest } = await redeem(r);
      return rest;
    };
    const a = await started(t);
    const { session } = await t.container.resolve(CompleteSignIn).execute(a.params, a.transaction);
    expect('sid' in session).toBe(false);
    expect('idTokenHint' in session).toBe(false);
    const [entry] = await t.registry.findBySubject(t.idp.issuer, 'alice');
    expect(entry).toBeDefined();
    expect('sid' in entry!).toBe(false);
  });

  it("ends the browser's previous session everywhere, but only when there was one", async () => {
    const bus = new MemoryInvalidationBus();
    const messages: unknown[] = [];
    bus.subscribe((m) => messages.push(m));
    const t = setup({ stores: { invalidationBus: bus } });
    const first = await t.signIn('alice');
    expect(messages).toEqual([]);
    const second = await t.signIn('bob', 'sid-bob', first.id);
    // That was alice's last session here: her account goes with it, on every instance.
    expect(messages).toEqual([
      { type: 'account-removed', accountKey: first.accountKey },
      { type: 'session-ended', sessionId: first.id },
    ]);
    expect(await t.sessions.getSession(first.id)).toBeNull();
    expect(await t.sessions.getSession(second.id)).not.toBeNull();
    expect(await t.registry.findBySubject(t.idp.issuer, 'alice')).toEqual([]);
    expect(await t.tokenCache.getPartition(first.accountKey)).toBeNull();
  });
});
