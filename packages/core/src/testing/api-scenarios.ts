// The scenarios every adapter's `protectApi` runs: the same token, proof and requirement rules,
// the same RFC 6750 / RFC 9449 / RFC 9470 answers, whatever the framework.
import type { ApiRequirement, IdentityWebApi, IdentityWebApiOptions } from '@identity-web/core/api';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdentityWebApi } from '../api/create-identity-web-api.js';
import { MemoryReplayCache } from '../stores/memory-replay-cache.js';
import { API_AUDIENCE, API_ISSUER, ApiTokenIssuer, type ProofKey, proofKey } from './api-token-issuer.js';
import { FakeSecurityEventTransmitter } from './fake-transmitter.js';
import type { ScenarioApp } from './scenario-world.js';

/** The API's public origin in the scenarios: DPoP proofs name URLs on it, whatever `Host` says. */
export const API_BASE_URL = 'https://api.test';

/**
 * Builds the adapter's app on `api`: `GET` and `POST /whoami` behind `protectApi(api, requirement)`
 * (`requirement` left out when `undefined`), answering JSON `{ subject, clientId, scopes, roles,
 * scheme }` of the caller, `POST /back-channel-logout` answered by the adapter's
 * `apiBackChannelLogout(api)`, and `POST /security-events` by its `apiSecurityEvents(api)` (every
 * scenario's API receives security events). Its `fetch` sends requests by path.
 *
 * @group Scenarios
 */
export type ApiScenarioAppFactory = (
  api: IdentityWebApi,
  requirement: ApiRequirement | undefined,
) => Promise<ScenarioApp>;

/** The `Authorization` the scenarios' transmitter pushes with. */
const PUSH_AUTHORIZATION = 'Bearer api-scenario-push-secret';
const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';

/**
 * Runs the API-protection scenarios against one adapter's `protectApi`.
 *
 * @group Scenarios
 */
export function describeApiScenarios(adapter: string, factory: ApiScenarioAppFactory): void {
  describe(`protectApi on ${adapter}`, () => {
    const time = Date.UTC(2026, 0, 1);
    const clock = { now: () => time };
    let issuer: ApiTokenIssuer;
    let alice: ProofKey;
    let mallory: ProofKey;
    const transmitter = new FakeSecurityEventTransmitter(clock, 'api-scenario');
    beforeAll(async () => {
      issuer = await ApiTokenIssuer.create(clock.now);
      [alice, mallory] = await Promise.all([proofKey(), proofKey()]);
    });

    async function app(requirement?: ApiRequirement, options: Partial<IdentityWebApiOptions> = {}) {
      const api = createIdentityWebApi({
        identityProvider: issuer.provider,
        audience: API_AUDIENCE,
        baseUrl: API_BASE_URL,
        realm: 'scenario',
        clock,
        sharedSignals: { transmitter, audience: 'api-scenario', push: { authorization: PUSH_AUTHORIZATION } },
        ...options,
      });
      return factory(api, requirement);
    }
    async function call(target: ScenarioApp, headers: Record<string, string>, method = 'GET') {
      const response = await target.fetch('/whoami', { method, headers });
      const body = await response.text();
      try {
        await target.close?.();
      } catch {
        // closed already
      }
      return {
        status: response.status,
        challenge: response.headers.get('www-authenticate'),
        retryAfter: response.headers.get('retry-after'),
        nonce: response.headers.get('dpop-nonce'),
        body: body === '' ? null : (JSON.parse(body) as Record<string, unknown>),
      };
    }
    const bearer = async (token: string, requirement?: ApiRequirement) =>
      call(await app(requirement), { authorization: `Bearer ${token}` });

    it('lets a valid Bearer token through and hands the route its caller', async () => {
      const answer = await bearer(await issuer.token({ scp: 'orders.write', roles: ['Admin'] }));
      expect(answer).toMatchObject({ status: 200, body: { subject: 'alice', clientId: 'web-app', scheme: 'Bearer' } });
      expect(answer.body?.scopes).toEqual(['orders.read', 'orders.write']);
      expect(answer.body?.roles).toEqual(['Admin']);
    });

    it('asks for a token in each scheme, without an error code, when none came (RFC 6750 §3.1)', async () => {
      const answer = await call(await app(), {});
      expect(answer.status).toBe(401);
      expect(answer.challenge).toBe('Bearer realm="scenario", DPoP realm="scenario", algs="ES256 PS256 EdDSA RS256"');
    });

    it('answers 400 invalid_request to a malformed header, and a bare challenge to another scheme', async () => {
      for (const authorization of ['Bearer', 'DPoP', 'Bearer a b', 'Bearer a,b', 'Bearer\ta']) {
        const answer = await call(await app(), { authorization });
        expect(answer.status, authorization).toBe(400);
        expect(answer.challenge).toMatch(/^Bearer realm="scenario", error="invalid_request"/);
      }
      // RFC 6750 §3.1: credentials of a scheme the API does not take are no error: 401, the schemes it takes.
      for (const authorization of ['Basic YWxpY2U6c2VjcmV0', 'Negotiate', 'BearerX abc']) {
        const answer = await call(await app(), { authorization });
        expect(answer.status, authorization).toBe(401);
        expect(answer.challenge).toBe('Bearer realm="scenario", DPoP realm="scenario", algs="ES256 PS256 EdDSA RS256"');
      }
    });

    it.each<[string, () => Promise<string>, RegExp]>([
      ['another audience', () => issuer.token({ aud: 'api://other' }), /aud does not name this API/],
      ['an audience list without it', () => issuer.token({ aud: ['api://a', 'api://b'] }), /aud does not name/],
      ['an untrusted issuer', () => issuer.token({ iss: 'https://evil.test' }), /iss is not a trusted issuer/],
      ['an ID token (typ JWT)', () => issuer.token({}, { typ: 'JWT' }), /typ must be at\+jwt/],
      ['no typ', () => issuer.token({}, { typ: undefined }), /typ must be at\+jwt/],
      ['no jti', () => issuer.token({ jti: undefined }), /no jti claim/],
      ['no client_id', () => issuer.token({ client_id: undefined }), /no client_id claim/],
      ['no sub', () => issuer.token({ sub: undefined }), /no sub claim/],
      ['an expiry past the skew', () => issuer.token({ exp: Math.floor(time / 1000) - 61 }), /has expired/],
      ['an iat in the future', () => issuer.token({ iat: Math.floor(time / 1000) + 120 }), /iat is in the future/],
      ['an nbf in the future', () => issuer.token({ nbf: Math.floor(time / 1000) + 120 }), /not valid yet/],
      ['a scope that is no string', () => issuer.token({ scope: ['orders.read'] as never }), /scope must be/],
      ['another key', () => issuer.token({}, {}, true), /signature was refused/],
    ])('refuses %s with 401 invalid_token', async (_, make, description) => {
      const answer = await bearer(await make());
      expect(answer.status).toBe(401);
      expect(answer.challenge).toMatch(/^Bearer realm="scenario", error="invalid_token", error_description="[^"]+"$/);
      expect(answer.challenge).toMatch(description);
      expect(answer.body).toMatchObject({ error: 'invalid_token' });
    });

    it('accepts a token expired within the clock skew, and refuses one unsigned (alg none)', async () => {
      expect((await bearer(await issuer.token({ exp: Math.floor(time / 1000) - 30 }))).status).toBe(200);
      const payload = (await issuer.token()).split('.')[1];
      const none = `${btoa(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).replace(/=/g, '')}.${payload}.`;
      expect((await bearer(none)).status).toBe(401);
    });

    it('answers 403 insufficient_scope naming the scopes that would do (RFC 6750 §3.1)', async () => {
      // A list: every one of them; `{ anyOf }`: one of them. Either way the challenge names them.
      const answer = await bearer(await issuer.token(), { scopes: { anyOf: ['orders.write', 'orders.admin'] } });
      expect(answer.status).toBe(403);
      expect(answer.challenge).toMatch(/error="insufficient_scope", .*scope="orders.write orders.admin"/);
      const one = await issuer.token({ scope: undefined, scp: 'orders.admin' });
      expect((await bearer(one, { scopes: { anyOf: ['orders.write', 'orders.admin'] } })).status).toBe(200);
      const all = await bearer(one, { scopes: ['orders.write', 'orders.admin'] });
      expect(all.challenge).toMatch(/error="insufficient_scope", .*scope="orders.write orders.admin"/);
      const both = await issuer.token({ scope: 'orders.write orders.admin' });
      expect((await bearer(both, { scopes: ['orders.write', 'orders.admin'] })).status).toBe(200);
    });

    it('answers 403 without a challenge to a missing role or a refused claim', async () => {
      const roles = await bearer(await issuer.token({ roles: ['Reader'] }), { roles: ['Admin'] });
      expect(roles).toMatchObject({ status: 403, challenge: null, body: { error: 'forbidden' } });
      expect((await bearer(await issuer.token({ roles: 'Admin' }), { roles: ['Admin'] })).status).toBe(200);
      expect((await bearer(await issuer.token({ roles: 'Admin' }), { roles: ['Auditor', 'Admin'] })).status).toBe(403);
      const anyRole = { roles: { anyOf: ['Auditor', 'Admin'] } };
      expect((await bearer(await issuer.token({ roles: 'Admin' }), anyRole)).status).toBe(200);
      const claim = await bearer(await issuer.token({ tid: 'other' }), { claim: (c) => c.tid === 'home' });
      expect(claim).toMatchObject({ status: 403, challenge: null });
      expect((await bearer(await issuer.token({ tid: 'home' }), { claim: (c) => c.tid === 'home' })).status).toBe(200);
    });

    it('asks for a stronger or more recent sign-in with insufficient_user_authentication (RFC 9470 §3)', async () => {
      const acr = await bearer(await issuer.token({ acr: 'pwd' }), { acrValues: ['mfa'] });
      expect(acr.status).toBe(401);
      expect(acr.challenge).toMatch(/error="insufficient_user_authentication", .*acr_values="mfa"/);
      expect((await bearer(await issuer.token({ acr: 'mfa' }), { acrValues: ['mfa'] })).status).toBe(200);
      const old = await bearer(await issuer.token({ auth_time: Math.floor(time / 1000) - 601 }), {
        maxAgeSeconds: 600,
      });
      expect(old.challenge).toMatch(/error="insufficient_user_authentication", .*max_age=600/);
      const fresh = await issuer.token({ auth_time: Math.floor(time / 1000) - 10 });
      expect((await bearer(fresh, { maxAgeSeconds: 600 })).status).toBe(200);
      expect((await bearer(await issuer.token(), { maxAgeSeconds: 600 })).status).toBe(401);
    });

    it("answers 503 with Retry-After, and no challenge, while the issuer's keys cannot be had", async () => {
      const token = await issuer.token();
      issuer.down = true;
      try {
        const answer = await bearer(token);
        expect(answer).toMatchObject({ status: 503, retryAfter: '5', challenge: null });
      } finally {
        issuer.down = false;
      }
    });

    it('takes an opaque token its provider says is active and meant for the API (RFC 7662), and no other', async () => {
      const exp = Math.floor(time / 1000) + 600;
      const answers = new Map<string, Record<string, unknown>>([
        [
          'opaque-alice',
          { active: true, client_id: 'web-app', sub: 'alice', aud: API_AUDIENCE, scope: 'orders.read', exp },
        ],
        ['opaque-other-api', { active: true, client_id: 'web-app', sub: 'alice', aud: 'api://other', exp }],
      ]);
      const identityProvider = {
        ...issuer.provider,
        introspectAccessToken: async (token: string) => answers.get(token) ?? { active: false },
      };
      const opaque = async (token: string) =>
        call(await app({ scopes: ['orders.read'] }, { identityProvider, introspection: true }), {
          authorization: `Bearer ${token}`,
        });
      expect(await opaque('opaque-alice')).toMatchObject({
        status: 200,
        body: { subject: 'alice', clientId: 'web-app', scopes: ['orders.read'], scheme: 'Bearer' },
      });
      for (const token of ['opaque-unknown', 'opaque-other-api']) {
        const refused = await opaque(token);
        expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
        expect(refused.challenge).toMatch(/^Bearer realm="scenario", error="invalid_token"/);
      }
    });

    const dpop = async (token: string, proof: string, target?: ScenarioApp) =>
      call(target ?? (await app()), { authorization: `DPoP ${token}`, dpop: proof });

    it('lets a DPoP-bound token through with a proof of its key, once (RFC 9449 §7.1, §11.1)', async () => {
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      const proof = await issuer.proof(alice, token, `${API_BASE_URL}/whoami`);
      const target = await app();
      const answer = await target.fetch('/whoami', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ subject: 'alice', scheme: 'DPoP' });
      const replay = await dpop(token, proof, target);
      expect(replay.status).toBe(401);
      expect(replay.challenge).toMatch(/^DPoP realm="scenario", error="invalid_dpop_proof", .*replayed.*algs=/);
    });

    it("refuses a proof for the request's Host rather than the API's own origin", async () => {
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      const answer = await dpop(token, await issuer.proof(alice, token, 'http://127.0.0.1/whoami'));
      expect(answer.challenge).toMatch(/error="invalid_dpop_proof", error_description="[^"]*htu/);
    });

    it('refuses a DPoP-bound token as Bearer, and one bound to another key (RFC 9449 §7.2, §6.1)', async () => {
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      expect((await bearer(token)).challenge).toMatch(
        /error="invalid_token", error_description="the token is DPoP-bound"/,
      );
      const stolen = await dpop(token, await issuer.proof(mallory, token, `${API_BASE_URL}/whoami`));
      expect(stolen.challenge).toMatch(/error="invalid_token", error_description="invalid DPoP key binding"/);
      const unbound = await issuer.token();
      const notBound = await dpop(unbound, await issuer.proof(alice, unbound, `${API_BASE_URL}/whoami`));
      expect(notBound.challenge).toMatch(/the token is not DPoP-bound/);
    });

    it('refuses a proof for another method, and an old one (RFC 9449 §4.3)', async () => {
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      const post = await dpop(token, await issuer.proof(alice, token, `${API_BASE_URL}/whoami`, {}, 'POST'));
      expect(post.challenge).toMatch(/htm is not the request method/);
      const old = await issuer.proof(alice, token, `${API_BASE_URL}/whoami`, { iat: Math.floor(time / 1000) - 120 });
      expect((await dpop(token, old)).challenge).toMatch(/error="invalid_dpop_proof"/);
    });

    it('with dpop.required, answers a Bearer token with a bare DPoP challenge (RFC 6750 §3.1)', async () => {
      const target = await app(undefined, { dpop: { required: true } });
      const answer = await call(target, { authorization: `Bearer ${await issuer.token()}` });
      expect(answer).toMatchObject({ status: 401, challenge: 'DPoP realm="scenario", algs="ES256 PS256 EdDSA RS256"' });
    });

    it('with dpop.nonce, sends a nonce on every answer and asks for it in proofs (RFC 9449 §9)', async () => {
      const target = await app(undefined, { dpop: { nonce: true } });
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      const first = await dpop(token, await issuer.proof(alice, token, `${API_BASE_URL}/whoami`), target);
      expect(first.challenge).toMatch(/error="use_dpop_nonce"/);
      expect(first.nonce).toMatch(/^[\w-]{43}$/);
      const again = await app(undefined, { dpop: { nonce: true } });
      const proof = await issuer.proof(alice, token, `${API_BASE_URL}/whoami`, { nonce: first.nonce });
      // Another instance, another secret: its nonce is not this one's.
      expect((await dpop(token, proof, again)).challenge).toMatch(/use_dpop_nonce/);
    });

    it('remembers accepted proofs in the replay memory it is given, shared across instances', async () => {
      const replayCache = new MemoryReplayCache(clock);
      const token = await issuer.token({ cnf: { jkt: alice.jkt } });
      const proof = await issuer.proof(alice, token, `${API_BASE_URL}/whoami`);
      expect((await dpop(token, proof, await app(undefined, { replayCache }))).status).toBe(200);
      expect((await dpop(token, proof, await app(undefined, { replayCache }))).challenge).toMatch(/replayed/);
    });

    async function logout(target: ScenarioApp, token: string, close = true) {
      const response = await target.fetch('/back-channel-logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ logout_token: token }).toString(),
      });
      const answer = {
        status: response.status,
        cache: response.headers.get('cache-control'),
        body: await response.text(),
      };
      if (close) await target.close?.();
      return answer;
    }

    it('ends a session at POST /back-channel-logout: its tokens get 401 from then on, on every instance', async () => {
      const replayCache = new MemoryReplayCache(clock);
      const token = await issuer.token({ sid: 'scenario-session' });
      const other = await issuer.token({ sid: 'another-session' });
      expect((await bearer(token)).status).toBe(200);
      const answer = await logout(
        await app(undefined, { replayCache }),
        await issuer.logoutToken({ sid: 'scenario-session' }),
      );
      expect(answer).toMatchObject({ status: 200, cache: 'no-store', body: '' });
      const refused = await call(await app(undefined, { replayCache }), { authorization: `Bearer ${token}` });
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/error="invalid_token", error_description="the token's session has ended/);
      expect((await call(await app(undefined, { replayCache }), { authorization: `Bearer ${other}` })).status).toBe(
        200,
      );
    });

    it('answers 400 JSON to a logout token it cannot verify, and to one used before', async () => {
      const target = await app();
      const forged = await logout(target, await issuer.logoutToken({ sid: 's' }, true), false);
      expect(forged.status).toBe(400);
      expect(JSON.parse(forged.body)).toMatchObject({ error: 'invalid_logout_token' });
      const token = await issuer.logoutToken({ sub: 'alice' });
      expect((await logout(target, token, false)).status).toBe(200);
      expect(JSON.parse((await logout(target, token)).body)).toMatchObject({ error: 'logout_token_replayed' });
    });

    async function push(target: ScenarioApp, set: string, authorization = PUSH_AUTHORIZATION, close = true) {
      const response = await target.fetch('/security-events', {
        method: 'POST',
        headers: { 'content-type': 'application/secevent+jwt', authorization },
        body: set,
      });
      const body = await response.text();
      if (close) await target.close?.();
      return { status: response.status, body: body === '' ? null : (JSON.parse(body) as Record<string, unknown>) };
    }

    it('ends a session a CAEP session-revoked event names at POST /security-events, on every instance', async () => {
      const replayCache = new MemoryReplayCache(clock);
      const token = await issuer.token({ sid: 'revoked-session' });
      const other = await issuer.token({ sid: 'still-open' });
      const subject = {
        format: 'complex',
        user: { format: 'iss_sub', iss: API_ISSUER, sub: 'alice' },
        session: { format: 'opaque', id: 'revoked-session' },
      };
      const { set } = await transmitter.set(SESSION_REVOKED, subject, { event_timestamp: 1 });
      expect(await push(await app(undefined, { replayCache }), set)).toEqual({ status: 202, body: null });
      const refused = await call(await app(undefined, { replayCache }), { authorization: `Bearer ${token}` });
      expect(refused.status).toBe(401);
      expect(refused.challenge).toMatch(/error="invalid_token", error_description="the token's session has ended/);
      const open = await call(await app(undefined, { replayCache }), { authorization: `Bearer ${other}` });
      expect(open.status).toBe(200);
    });

    it('answers RFC 8935 errors: a wrong Authorization, no SET, a forged one, another audience, a replay', async () => {
      const target = await app();
      const event = () => transmitter.set(SESSION_REVOKED, { format: 'opaque', id: 'some-session' });
      const { set } = await event();
      expect(await push(target, set, 'Bearer not-the-secret')).toMatchObject({
        status: 401,
        body: { err: 'authentication_failed' },
      });
      expect(await push(await app(), 'not a SET')).toMatchObject({ status: 400, body: { err: 'invalid_request' } });
      expect(await push(await app(), `${set.slice(0, -2)}xx`)).toMatchObject({
        status: 400,
        body: { err: 'invalid_key' },
      });
      const elsewhere = await transmitter.set(
        SESSION_REVOKED,
        { format: 'opaque', id: 's' },
        {},
        { claims: { aud: 'x' } },
      );
      expect(await push(await app(), elsewhere.set)).toMatchObject({ status: 400, body: { err: 'invalid_audience' } });
      const replayed = await app();
      expect((await push(replayed, set, PUSH_AUTHORIZATION, false)).status).toBe(202);
      expect(await push(replayed, set)).toMatchObject({ status: 400, body: { err: 'invalid_request' } });
    });

    it('refuses a mistaken requirement when the route is mounted, naming the option', async () => {
      await expect(app(undefined, { sharedSignals: undefined })).rejects.toThrow(/"sharedSignals" is needed/);
      await expect(app({ scope: ['orders.read'] } as never)).rejects.toThrow(/"scope".*scopes/);
      await expect(app({ scopes: [] })).rejects.toThrow(/"scopes" must not be empty/);
      await expect(app({ roles: 'Admin' } as never)).rejects.toThrow(/"roles" must be a list/);
      await expect(app({ scopes: { anyOf: [] } })).rejects.toThrow(/"scopes" must not be empty/);
      await expect(app({ scopes: { oneOf: ['a'] } } as never)).rejects.toThrow(/"scopes" must be a list .*anyOf/);
    });
  });
}
