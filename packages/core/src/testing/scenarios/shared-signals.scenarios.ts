import { expect } from 'vitest';
import { SecurityEventType } from '../../domain/security-event.js';
import type { TestBrowser } from '../browser.js';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

const PUSH = '/auth/security-events';
const AUTHORIZATION = 'Bearer push-secret-of-the-stream';

/** RFC 8935 §2.1: the SET as the body, typed `application/secevent+jwt`. */
function push(world: ScenarioWorld, set: string, headers: Record<string, string> = {}): Promise<Response> {
  return world.browser().fetch(PUSH, {
    method: 'POST',
    accept: 'json',
    headers: { 'content-type': 'application/secevent+jwt', authorization: AUTHORIZATION, ...headers },
    body: set,
  });
}

const user = (world: ScenarioWorld, sub: string) => ({ format: 'iss_sub', iss: world.idp.issuer, sub });

/** Whether the browser's account is still served: 200, or the 401 sign-in challenge. */
async function callApi(browser: TestBrowser): Promise<number> {
  return (await browser.fetch('/call-api', { accept: 'json' })).status;
}

/**
 * The Shared Signals scenarios: push, poll, subjects, refusals and verification, for an adapter or a
 * store package to run on its own app or ports (each names its `sharedSignals` options).
 *
 * @group Test suites
 */
export const sharedSignalsScenarios: Scenario[] = [
  {
    name: 'a pushed CAEP session-revoked removes the account and ends its sessions; another user keeps working',
    sharedSignals: { push: { authorization: AUTHORIZATION } },
    async run(world) {
      const alice = await world.signIn('alice');
      const bob = await world.signIn('bob');
      expect(await callApi(alice.browser)).toBe(200);
      const event = await world.transmitter.set(SecurityEventType.SessionRevoked, {
        format: 'complex',
        user: user(world, 'alice'),
      });
      const response = await push(world, event.set);
      expect(response.status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect(await callApi(alice.browser)).toBe(401);
      expect(await callApi(bob.browser)).toBe(200);
    },
  },
  {
    name: "a RISC account-disabled in Google's shape (no typ, subject_type iss-sub inside the event) removes the account",
    sharedSignals: {},
    async run(world) {
      const alice = await world.signIn('alice');
      const { set } = await world.transmitter.set(
        SecurityEventType.AccountDisabled,
        undefined,
        { subject: { subject_type: 'iss-sub', iss: world.transmitter.issuer, sub: 'alice' }, reason: 'hijacking' },
        { header: { typ: undefined } },
      );
      // The fake transmitter is an SSF one (explicit typing): without `typ` its SET is refused...
      expect((await push(world, set)).status).toBe(400);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      // ...with it, the subject inside the event, named by the transmitter's own issuer, is found.
      const typed = await world.transmitter.set(SecurityEventType.AccountDisabled, undefined, {
        subject: { subject_type: 'iss-sub', iss: world.transmitter.issuer, sub: 'alice' },
      });
      expect((await push(world, typed.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
    },
  },
  {
    name: 'a session-revoked naming one session by its sid ends that session only; the account lives on in the other',
    sharedSignals: {},
    async run(world) {
      const laptop = await world.signIn('alice', { sid: 'sid-laptop' });
      const phone = await world.signIn('alice', { sid: 'sid-phone' });
      const event = await world.transmitter.set(SecurityEventType.SessionRevoked, {
        format: 'complex',
        user: user(world, 'alice'),
        session: { format: 'opaque', id: 'sid-laptop' },
      });
      expect((await push(world, event.set)).status).toBe(202);
      expect(await world.sessions.getSession(laptop.sessionId)).toBeNull();
      expect(await world.sessions.getSession(phone.sessionId)).not.toBeNull();
      expect(await callApi(phone.browser)).toBe(200);
      expect(await callApi(laptop.browser)).toBe(401);
    },
  },
  {
    name: 'token-claims-change drops the cached tokens (the next call refreshes) and keeps the session',
    sharedSignals: {},
    async run(world) {
      const alice = await world.signIn('alice');
      expect(await callApi(alice.browser)).toBe(200);
      const refreshes = world.idp.calls.refresh;
      expect(await callApi(alice.browser)).toBe(200);
      expect(world.idp.calls.refresh).toBe(refreshes); // served from the cache
      const event = await world.transmitter.set(
        SecurityEventType.TokenClaimsChange,
        { format: 'iss_sub', iss: world.idp.issuer, sub: 'alice' },
        { claims: { role: 'ro-admin' } },
      );
      expect((await push(world, event.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect(await callApi(alice.browser)).toBe(200);
      expect(world.idp.calls.refresh).toBe(refreshes + 1);
    },
  },
  {
    name: 'account-enabled and unknown events are acknowledged (202) and remove nothing',
    sharedSignals: {},
    async run(world) {
      const alice = await world.signIn('alice');
      for (const type of [SecurityEventType.AccountEnabled, 'https://example.com/event-type/something-new']) {
        const event = await world.transmitter.set(type, user(world, 'alice'));
        expect((await push(world, event.set)).status).toBe(202);
      }
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
    },
  },
  {
    name: 'a subject at another issuer, named by email, or with a critical member it cannot process removes nothing (SSF 1.0 §3.7)',
    sharedSignals: {},
    async run(world) {
      const alice = await world.signIn('alice');
      const subjects = [
        { format: 'iss_sub', iss: 'https://other-idp.test', sub: 'alice' },
        { format: 'email', email: 'alice@example.com' },
        // The fake transmitter lists `tenant` in critical_subject_members: the event is discarded.
        { format: 'complex', user: user(world, 'alice'), tenant: { format: 'opaque', id: 't-1' } },
      ];
      for (const subject of subjects) {
        const event = await world.transmitter.set(SecurityEventType.SessionRevoked, subject);
        expect((await push(world, event.set)).status).toBe(202);
      }
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).not.toBeNull();
      // Control: the same user, named at the provider's issuer, is removed.
      const named = await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, 'alice'));
      expect((await push(world, named.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    },
  },
  {
    name: 'the push route refuses, with the RFC 8935 error JSON, a missing Authorization, a wrong type, a body that is no JWT, a bad signature, another audience and a replay',
    sharedSignals: { push: { authorization: AUTHORIZATION } },
    async run(world) {
      const alice = await world.signIn('alice');
      const event = await world.transmitter.set(SecurityEventType.SessionsRevoked, user(world, 'alice'));
      const expectRefused = async (response: Response, status: number, err: string) => {
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toContain('application/json');
        expect(((await response.json()) as { err: string }).err).toBe(err);
      };
      await expectRefused(
        await push(world, event.set, { authorization: 'Bearer wrong' }),
        401,
        'authentication_failed',
      );
      await expectRefused(await push(world, event.set, { 'content-type': 'application/jwt' }), 400, 'invalid_request');
      const [h, p, signature] = event.set.split('.');
      await expectRefused(await push(world, `${h}.${p}.forged`), 400, 'invalid_key');
      // RFC 8935 §2.4: a body that is no signed JWT at all is a bad request, not a refused key.
      const encoded = (text: string) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      for (const malformed of [
        'not-a-jwt',
        `${h}.${p}`,
        `${h}.${p}.`,
        `${h}.${p}.${signature}.${signature}`,
        `${encoded('not json')}.${p}.${signature}`,
        `${encoded('{"typ":"secevent+jwt"}')}.${p}.${signature}`,
        `${h}.${encoded('[1]')}.${signature}`,
        `${h}.${p}!.${signature}`,
      ]) {
        await expectRefused(await push(world, malformed), 400, 'invalid_request');
      }
      const other = await world.transmitter.set(
        SecurityEventType.SessionsRevoked,
        user(world, 'alice'),
        {},
        {
          claims: { aud: 'another-app' },
        },
      );
      await expectRefused(await push(world, other.set), 400, 'invalid_audience');
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect((await push(world, event.set)).status).toBe(202);
      await expectRefused(await push(world, event.set), 400, 'invalid_request');
      expect((await world.browser().fetch(PUSH, { accept: 'json' })).status).toBe(405);
    },
  },
  {
    name: 'polling acts on each SET once, acknowledges it, and reports a refused one in setErrs',
    sharedSignals: { delivery: 'poll' },
    async run(world) {
      const alice = await world.signIn('alice');
      const bob = await world.signIn('bob');
      const first = await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, 'alice'));
      const second = await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, 'bob'));
      const forged = await world.transmitter.set(
        SecurityEventType.SessionRevoked,
        user(world, 'bob'),
        {},
        {
          claims: { iss: 'https://elsewhere.test/' },
        },
      );
      for (const set of [first, second, forged]) world.transmitter.enqueue(set);
      // Polled, nothing is pushed: the push route is not there.
      expect((await push(world, first.set)).status).not.toBe(202);
      const outcome = await world.identity.pollSecurityEvents();
      expect(outcome).toEqual({ polled: true, processed: 2, duplicates: 0, refused: 1, deferred: 0 });
      expect(world.transmitter.acknowledged.sort()).toEqual([first.jti, second.jti].sort());
      expect(world.transmitter.errors.get(forged.jti)?.err).toBe('invalid_issuer');
      expect(world.transmitter.pending).toBe(0);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.sessions.getSession(bob.sessionId)).toBeNull();
      // A SET delivered again (its acknowledgement lost) is acknowledged again, and nothing is done twice.
      world.transmitter.enqueue(first);
      const again = await world.identity.pollSecurityEvents();
      expect(again).toEqual({ polled: true, processed: 0, duplicates: 1, refused: 0, deferred: 0 });
    },
  },
  {
    name: 'verifySharedSignals: the transmitter pushes back the state asked for; a state nobody asked for is refused (invalid_state)',
    sharedSignals: {},
    async run(world) {
      world.transmitter.deliver = async (set) => expect((await push(world, set)).status).toBe(202);
      const result = await world.identity.verifySharedSignals({ timeoutMs: 2000 });
      expect(result.verified).toBe(true);
      const verification = SecurityEventType.Verification;
      const stream = { format: 'opaque', id: 'fake-stream' };
      const unasked = await world.transmitter.set(verification, stream, { state: 'never-asked-for' });
      const refused = await push(world, unasked.set);
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { err: string }).err).toBe('invalid_state');
      // The transmitter's own check carries no state: acknowledged.
      expect((await push(world, (await world.transmitter.set(verification, stream)).set)).status).toBe(202);
    },
  },
  {
    name: 'verifySharedSignals with poll delivery: the verification event is polled and acknowledged',
    sharedSignals: { delivery: 'poll' },
    async run(world) {
      const result = await world.identity.verifySharedSignals({ timeoutMs: 2000 });
      expect(result.verified).toBe(true);
      expect(world.transmitter.acknowledged).toHaveLength(1);
      expect(world.transmitter.pending).toBe(0);
    },
  },
  {
    name: 'with subjects.email, a subject named by a verified email (any case) removes that user; an unverified email is never filed',
    sharedSignals: { subjects: { email: true } },
    async run(world) {
      world.idp.setClaims('alice', { email: 'Alice@Example.com', email_verified: true });
      world.idp.setClaims('mallory', { email: 'bob@example.com', email_verified: false });
      const alice = await world.signIn('alice');
      const mallory = await world.signIn('mallory');
      world.idp.setClaims('bob', { email: 'bob@example.com', email_verified: true });
      const bob = await world.signIn('bob');
      const byEmail = await world.transmitter.set(SecurityEventType.SessionRevoked, {
        format: 'email',
        email: 'alice@EXAMPLE.com',
      });
      expect((await push(world, byEmail.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
      expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
      // Bob's verified address: Mallory claimed the same one unverified, and keeps her session.
      const bobs = await world.transmitter.set(SecurityEventType.AccountDisabled, {
        format: 'email',
        email: 'bob@example.com',
      });
      expect((await push(world, bobs.set)).status).toBe(202);
      expect(await world.sessions.getSession(bob.sessionId)).toBeNull();
      expect(await world.sessions.getSession(mallory.sessionId)).not.toBeNull();
    },
  },
];
