import { describe, expect, it } from 'vitest';
import { SessionRecords } from '../../src/records/session-records.js';
import { CompleteSignIn } from '../../src/use-cases/complete-sign-in.js';
import { StartSignIn } from '../../src/use-cases/start-sign-in.js';
import { setup } from '../support/helpers.js';

async function started(t: ReturnType<typeof setup>, subject = 'alice') {
  const { url, transaction } = await t.container.resolve(StartSignIn).execute({ returnTo: '/after', statePrefix: '1' });
  return { transaction, params: t.idp.login(url, subject, `sid-${subject}`) };
}

describe('CompleteSignIn', () => {
  it("refuses a callback carrying another sign-in's state, even when this browser has a sign-in in flight (login CSRF)", async () => {
    const t = setup();
    const victim = await started(t, 'victim');
    const attacker = await started(t, 'mallory');
    // The attacker's callback URL opened in the victim's browser, which holds its own transaction.
    await expect(
      t.container.resolve(CompleteSignIn).execute(attacker.params, victim.transaction),
    ).rejects.toMatchObject({
      code: 'invalid_state',
      status: 400,
    });
    expect(await t.registry.findBySubject(t.idp.issuer, 'mallory')).toEqual([]);
    expect(await t.sessions.countSessions?.()).toBe(0);
    expect(t.idp.calls.redeem).toBe(0);
  });

  it('refuses a callback when this browser has no transaction, a repeated state, or no state', async () => {
    const t = setup();
    const { params, transaction } = await started(t);
    const complete = t.container.resolve(CompleteSignIn);
    await expect(complete.execute(params, null)).rejects.toMatchObject({ code: 'invalid_state' });
    const repeated = new URLSearchParams(params);
    repeated.append('state', transaction.state);
    await expect(complete.execute(repeated, transaction)).rejects.toMatchObject({ code: 'invalid_state' });
    const none = new URLSearchParams(params);
    none.delete('state');
    await expect(complete.execute(none, transaction)).rejects.toMatchObject({ code: 'invalid_state' });
    expect(t.idp.calls.redeem).toBe(0);
  });

  it('refuses a transaction older than signInTtlSeconds', async () => {
    const t = setup({ signInTtlSeconds: 60 });
    const { params, transaction } = await started(t);
    t.clock.advance(60_001);
    await expect(t.container.resolve(CompleteSignIn).execute(params, transaction)).rejects.toMatchObject({
      code: 'invalid_state',
    });
  });

  it('opens a session that lives exactly session.ttlSeconds and records the sign-in in the registry', async () => {
    const t = setup({ session: { ttlSeconds: 3600 } });
    const { params, transaction } = await started(t);
    const { session, returnTo } = await t.container.resolve(CompleteSignIn).execute(params, transaction);
    expect(returnTo).toBe('/after');
    expect(session.expiresAt - session.createdAt).toBe(3_600_000);
    const records = t.container.resolve(SessionRecords);
    t.clock.advance(3_599_000);
    expect(await records.get(session.id)).not.toBeNull();
    t.clock.advance(2_000);
    expect(await records.get(session.id)).toBeNull();
    expect(await t.registry.findBySid(t.idp.issuer, 'sid-alice')).toEqual([
      {
        issuer: t.idp.issuer,
        subject: 'alice',
        sid: 'sid-alice',
        accountKey: session.accountKey,
        sessionId: session.id,
      },
    ]);
  });

  it('stores the session record sealed: no token, claim or account key readable in the store', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const raw = await t.sessions.getSession(alice.id);
    expect(raw).not.toBeNull();
    for (const secret of [alice.accountKey, 'alice', alice.idTokenHint ?? 'no-id-token', alice.csrfToken]) {
      expect(raw).not.toContain(secret);
    }
    // A record moved to another id (to borrow the account) does not open.
    const bob = await t.signIn('bob');
    await t.sessions.setSession(bob.id, raw!, 60);
    expect(await t.container.resolve(SessionRecords).get(bob.id)).toBeNull();
  });
});
