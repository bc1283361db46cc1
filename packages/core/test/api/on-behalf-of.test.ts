// An API calling further APIs on behalf of its callers, and every sign-out reaching those tokens.

import type { HttpRequest } from '@identity-web/core/adapter';
import { type ApiCaller, createIdentityWebApi, type IdentityWebApi } from '@identity-web/core/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { resolveApiSettings } from '../../src/api/config/api-settings.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { silentLogger } from '../../src/ports/logger.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { exchangingProvider } from '../../src/testing/api-exchange.js';
import { API_AUDIENCE, API_ISSUER, ApiTokenIssuer, proofKey } from '../../src/testing/api-token-issuer.js';

const SECRET = 'an-api-secret-of-at-least-32-characters';
const BILLING = ['api://billing/invoices.read'];
const clock = { now: () => Date.now() };

const logoutToken = (claims: Record<string, unknown>, forged = false) => issuer.logoutToken(claims, forged);

function request(method: string, path: string, headers: Record<string, string>, body = ''): HttpRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    url: new URL(`https://api.test${path}`),
    header: (name: string) => lower[name.toLowerCase()],
    readText: async () => body,
  } as unknown as HttpRequest;
}

const logoutRequest = async (token: string | Promise<string>) =>
  request(
    'POST',
    '/back-channel-logout',
    { 'content-type': 'application/x-www-form-urlencoded' },
    new URLSearchParams({ logout_token: await token }).toString(),
  );

/** A logout token with `claims` POSTed while the caller's grant is held at the provider, then the grant let go. */
async function logoutDuringGrant(api: IdentityWebApi, who: ApiCaller, claims: Record<string, unknown>) {
  const release = idp.hold();
  const pending = api.acquireTokenOnBehalfOf(who, { scopes: BILLING });
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect((await api.backChannelLogout(await logoutRequest(logoutToken(claims)))).status).toBe(200);
  release();
  await pending;
}

function sharedStores() {
  return {
    tokenCacheStore: new MemoryTokenCacheStore(clock),
    accountRegistry: new MemoryAccountRegistry(clock),
    replayCache: new MemoryReplayCache(clock),
  };
}

let issuer: ApiTokenIssuer;
let idp: ReturnType<typeof exchangingProvider>;
let stores: ReturnType<typeof sharedStores>;

function newApi(): IdentityWebApi {
  return createIdentityWebApi({
    identityProvider: idp.provider,
    audience: API_AUDIENCE,
    baseUrl: 'https://api.test',
    secret: SECRET,
    stores,
  });
}

async function caller(api: IdentityWebApi, claims: Record<string, unknown> = {}) {
  const token = await issuer.token({ sid: 'session-1', ...claims });
  const verdict = await api.guard()(request('GET', '/orders', { authorization: `Bearer ${token}` }));
  if (verdict.caller === null) throw new Error(`refused: ${verdict.answer.status} ${verdict.answer.body}`);
  return verdict.caller;
}

async function status(api: IdentityWebApi, token: string): Promise<number> {
  const verdict = await api.guard()(request('GET', '/orders', { authorization: `Bearer ${token}` }));
  return verdict.caller === null ? verdict.answer.status : 200;
}

beforeEach(async () => {
  issuer = await ApiTokenIssuer.create(() => Date.now());
  idp = exchangingProvider(issuer);
  stores = sharedStores();
});

describe('api.acquireTokenOnBehalfOf', () => {
  it('exchanges the caller’s token once, then serves it from the sealed token cache, per token and scopes', async () => {
    const api = newApi();
    const alice = await caller(api);
    const first = await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING });
    expect(first).toMatchObject({ accessToken: 'obo-1', tokenType: 'Bearer' });
    expect(await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING })).toMatchObject({ accessToken: 'obo-1' });
    expect(idp.grants).toEqual([{ assertion: alice.token, scopes: BILLING }]);
    // Sealed: the store holds no token in clear.
    const stored = await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`);
    expect(stored?.value).toBeDefined();
    expect(stored?.value).not.toContain('obo-1');
    // Another scope, another received token, or forceRefresh: another grant.
    await api.acquireTokenOnBehalfOf(alice, { scopes: ['api://mail/send'] });
    await api.acquireTokenOnBehalfOf(await caller(api), { scopes: BILLING });
    await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING, forceRefresh: true });
    expect(idp.grants).toHaveLength(4);
    // A second instance on the same stores serves what the first stored.
    expect(await newApi().acquireTokenOnBehalfOf(alice, { scopes: ['api://mail/send'] })).toMatchObject({
      accessToken: 'obo-2',
    });
    expect(idp.grants).toHaveLength(4);
  });

  it('makes one grant for concurrent calls of one token and scopes', async () => {
    const api = newApi();
    const alice = await caller(api);
    const release = idp.hold();
    const calls = Array.from({ length: 10 }, () => api.acquireTokenOnBehalfOf(alice, { scopes: BILLING }));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const tokens = await Promise.all(calls);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['obo-1']));
    expect(idp.grants).toHaveLength(1);
  });

  it('needs a secret, scopes and the caller protectApi gave', async () => {
    const api = newApi();
    const alice = await caller(api);
    const noSecret = createIdentityWebApi({
      identityProvider: idp.provider,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
    });
    await expect(noSecret.acquireTokenOnBehalfOf(alice, { scopes: BILLING })).rejects.toThrow(/"secret" is required/);
    await expect(api.acquireTokenOnBehalfOf(alice, { scopes: [] })).rejects.toThrow(/"scopes" must name at least one/);
    await expect(api.acquireTokenOnBehalfOf({} as never, { scopes: BILLING })).rejects.toThrow(
      /"caller" must be the caller/,
    );
    expect(() =>
      createIdentityWebApi({
        identityProvider: idp.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        secret: 'short',
      }),
    ).toThrow(/"secret" must be/);
    expect(idp.grants).toHaveLength(0);
  });
});

describe('api.backChannelLogout', () => {
  it('by sid: refuses that session’s tokens on every instance and removes the user’s tokens had on their behalf', async () => {
    const [one, two] = [newApi(), newApi()];
    const alice = await caller(one);
    const otherSession = await issuer.token({ sid: 'session-2' });
    const bob = await caller(one, { sub: 'bob', sid: 'session-b' });
    await one.acquireTokenOnBehalfOf(alice, { scopes: BILLING });
    await one.acquireTokenOnBehalfOf(bob, { scopes: BILLING });
    const answer = await two.backChannelLogout(await logoutRequest(logoutToken({ sid: 'session-1', sub: 'alice' })));
    expect(answer).toMatchObject({ status: 200, headers: { 'cache-control': 'no-store' } });
    for (const api of [one, two]) {
      expect(await status(api, alice.token)).toBe(401);
      expect(await status(api, await issuer.token({ sid: 'session-1' }))).toBe(401);
      expect(await status(api, otherSession)).toBe(200);
      expect(await status(api, bob.token)).toBe(200);
    }
    const refused = await one.guard()(request('GET', '/orders', { authorization: `Bearer ${alice.token}` }));
    expect(refused.caller === null && refused.answer.headers['www-authenticate']).toContain('error="invalid_token"');
    // Alice's tokens went; Bob's stayed, and are served without another grant.
    expect(await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`)).toBeNull();
    expect(await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000bob`)).not.toBeNull();
    await one.acquireTokenOnBehalfOf(bob, { scopes: BILLING });
    expect(idp.grants).toHaveLength(2);
  });

  it('by sub alone: removes every token had on the user’s behalf, and refuses the user’s tokens issued until then', async () => {
    const api = newApi();
    const alice = await caller(api);
    const withoutSid = await issuer.token({ sid: undefined });
    const bob = await issuer.token({ sub: 'bob', sid: undefined });
    await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING });
    const at = Math.floor(Date.now() / 1000);
    const logout = logoutToken({ sub: 'alice', iat: at });
    expect((await api.backChannelLogout(await logoutRequest(logout))).status).toBe(200);
    expect(await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`)).toBeNull();
    // Every session of hers ended: her tokens of then are refused, with or without a sid; bob's are not.
    expect(await status(api, alice.token)).toBe(401);
    expect(await status(api, withoutSid)).toBe(401);
    expect(await status(api, bob)).toBe(200);
    // Signed in again after it: her new tokens pass, on a new instance too, and are exchanged afresh.
    const again = await caller(newApi(), { sid: 'session-2', iat: at + 1 });
    await api.acquireTokenOnBehalfOf(again, { scopes: BILLING });
    expect(idp.grants).toHaveLength(2);
  });

  it('by sub and sid: ends that session only, not every one of the user', async () => {
    const api = newApi();
    const ended = await issuer.token({ sid: 'session-1' });
    const other = await issuer.token({ sid: 'session-2' });
    const withoutSid = await issuer.token({ sid: undefined });
    const logout = logoutToken({ sub: 'alice', sid: 'session-1' });
    expect((await api.backChannelLogout(await logoutRequest(logout))).status).toBe(200);
    expect(await status(api, ended)).toBe(401);
    expect(await status(api, other)).toBe(200);
    expect(await status(api, withoutSid)).toBe(200);
  });

  it('by sub alone: refuses a token issued in the second of the logout, whichever came first in it', async () => {
    const api = newApi();
    const at = Math.floor(Date.now() / 1000);
    const before = await issuer.token({ sid: undefined, iat: at + 0.3 });
    const after = await issuer.token({ sid: undefined, iat: at + 0.9 });
    const next = await issuer.token({ sid: undefined, iat: at + 1 });
    expect(
      (await api.backChannelLogout(await logoutRequest(logoutToken({ sub: 'alice', iat: at + 0.7 })))).status,
    ).toBe(200);
    expect(await status(api, before)).toBe(401);
    expect(await status(api, after)).toBe(401);
    expect(await status(api, next)).toBe(200);
  });

  it('removes tokens a grant under way wrote after the logout had looked', async () => {
    const api = newApi();
    const alice = await caller(api);
    await api.acquireTokenOnBehalfOf(alice, { scopes: ['api://mail/send'] });
    await logoutDuringGrant(api, alice, { sub: 'alice' });
    expect(await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`)).toBeNull();
  });

  it('answers 400 to a replayed, forged, foreign or missing logout token, and to a GET', async () => {
    const warnings: Record<string, unknown>[] = [];
    const logger = { ...silentLogger, warn: (fields: Record<string, unknown>) => warnings.push(fields) };
    const api = createIdentityWebApi({
      identityProvider: idp.provider,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      stores,
      logger,
    });
    const token = await logoutToken({ sid: 'session-1' });
    expect((await api.backChannelLogout(await logoutRequest(token))).status).toBe(200);
    const replayed = await api.backChannelLogout(await logoutRequest(token));
    expect(replayed.status).toBe(400);
    expect(warnings).toContainEqual(
      expect.objectContaining({ event: 'logout_refused', reason: 'logout_token_replayed' }),
    );
    expect(JSON.parse(replayed.body ?? '')).toMatchObject({ error: 'logout_token_replayed' });
    for (const bad of [
      await logoutRequest(logoutToken({ sid: 's' }, true)),
      await logoutRequest(logoutToken({ sid: 's', iss: 'https://other.test' })),
      await logoutRequest('not-a-jwt'),
      request('POST', '/back-channel-logout', { 'content-type': 'application/x-www-form-urlencoded' }, 'x=1'),
      request('POST', '/back-channel-logout', { 'content-type': 'application/json' }, '{}'),
      request('GET', '/back-channel-logout', {}),
    ]) {
      expect((await api.backChannelLogout(bad)).status).toBe(400);
    }
  });

  it('answers 503 when a store is down, and serves the provider’s retry of the same token', async () => {
    const api = newApi();
    const alice = await caller(api);
    await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING });
    const forget = stores.accountRegistry.forgetAccount.bind(stores.accountRegistry);
    stores.accountRegistry.forgetAccount = () =>
      Promise.reject(new IdentityWebError(ErrorCode.StoreUnavailable, 'the registry is down'));
    const token = await logoutToken({ sub: 'alice' });
    const down = await api.backChannelLogout(await logoutRequest(token));
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBeDefined();
    stores.accountRegistry.forgetAccount = forget;
    expect((await api.backChannelLogout(await logoutRequest(token))).status).toBe(200);
  });

  it('answers 503 to every token while the memory of sign-outs is down: one it holds may name the token’s session or user', async () => {
    // A shared store's replay cache (not in this process's memory), which holds the sign-outs itself.
    const memory = stores.replayCache;
    const shared = {
      has: (key: string): boolean | Promise<boolean> => memory.has(key),
      putIfAbsent: memory.putIfAbsent.bind(memory),
    };
    stores = { ...stores, replayCache: shared as unknown as MemoryReplayCache };
    const api = newApi();
    const token = await issuer.token({ sid: 'session-1' });
    shared.has = () => Promise.reject(new Error('down'));
    expect(await status(api, token)).toBe(503);
    expect(await status(api, await issuer.token({ sid: undefined }))).toBe(503);
  });

  describe('sign-outs against what review found', () => {
    const alicePartition = () => stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`);

    it('remembers ended sessions apart from DPoP proofs by default, so proofs cannot push them out', () => {
      const settings = resolveApiSettings({
        identityProvider: idp.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
      });
      expect(settings.endedSessions).not.toBe(settings.replayCache);
      // The stores' replay cache in this process's memory: the proofs' alone, and one memory of
      // ended sessions beside it for every API instance on those stores.
      const onStores = () =>
        resolveApiSettings({
          identityProvider: idp.provider,
          audience: API_AUDIENCE,
          baseUrl: 'https://api.test',
          stores,
        });
      const [first, second] = [onStores(), onStores()];
      expect(first.replayCache).toBe(stores.replayCache);
      expect(first.endedSessions).not.toBe(stores.replayCache);
      expect(second.endedSessions).toBe(first.endedSessions);
      const sized = resolveApiSettings({
        identityProvider: idp.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        replayCache: new MemoryReplayCache(clock, { maxEntries: 1_000_000 }),
      });
      expect((sized.endedSessions as MemoryReplayCache).maxEntries).toBe(1_000_000);
      // A shared one (not in this process's memory) holds them for every instance.
      const redisLike = { has: async () => false, putIfAbsent: async () => true };
      const network = resolveApiSettings({
        identityProvider: idp.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        stores: { ...stores, replayCache: redisLike },
      });
      expect(network.endedSessions).toBe(redisLike);
    });

    it('keeps an ended session when accepted DPoP proofs fill a bounded in-memory replay cache', async () => {
      const bounded = { ...sharedStores(), replayCache: new MemoryReplayCache(clock, { maxEntries: 100 }) };
      const api = createIdentityWebApi({
        identityProvider: idp.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        stores: bounded,
      });
      const stolen = await issuer.token({ sid: 'session-1' });
      expect(await status(api, stolen)).toBe(200);
      expect((await api.backChannelLogout(await logoutRequest(logoutToken({ sid: 'session-1' })))).status).toBe(200);
      expect(await status(api, stolen)).toBe(401);
      // Another caller's DPoP requests, each with a fresh proof, each remembered.
      const key = await proofKey();
      const bound = await issuer.token({ sid: 'session-2', cnf: { jkt: key.jkt } });
      for (let i = 0; i < 200; i++) {
        const dpop = await issuer.proof(key, bound, 'https://api.test/orders');
        const verdict = await api.guard()(request('GET', '/orders', { authorization: `DPoP ${bound}`, dpop }));
        expect(verdict.caller, `proof ${i}`).not.toBeNull();
      }
      expect(await status(api, stolen)).toBe(401);
    });

    it('a logout naming sid and sub removes the tokens of a user whose access tokens carry no sid', async () => {
      const api = newApi();
      const alice = await caller(api, { sid: undefined });
      await api.acquireTokenOnBehalfOf(alice, { scopes: BILLING });
      expect(
        (await api.backChannelLogout(await logoutRequest(logoutToken({ sid: 'session-9', sub: 'alice' })))).status,
      ).toBe(200);
      expect(await alicePartition()).toBeNull();
    });

    it('a logout by sub landing during the user’s first grant removes what the grant wrote', async () => {
      const api = newApi();
      const alice = await caller(api, { sid: undefined });
      await logoutDuringGrant(api, alice, { sub: 'alice' });
      expect(await alicePartition()).toBeNull();
    });

    it('leaves a web app’s accounts in a shared registry to the web app’s own sign-outs', async () => {
      const api = newApi();
      const web = {
        issuer: API_ISSUER,
        subject: 'alice',
        sid: 'session-1',
        accountKey: 'web-account',
        sessionId: 'web-session',
      };
      await stores.accountRegistry.recordSignIn(web, 3600);
      await api.acquireTokenOnBehalfOf(await caller(api), { scopes: BILLING });
      expect((await api.backChannelLogout(await logoutRequest(logoutToken({ sub: 'alice' })))).status).toBe(200);
      expect(await stores.accountRegistry.findBySubject(API_ISSUER, 'alice')).toEqual([web]);
      expect(await alicePartition()).toBeNull();
    });

    it('removes what a grant wrote when the registry fails the check after the write', async () => {
      const api = newApi();
      const alice = await caller(api);
      stores.accountRegistry.findBySubject = () =>
        Promise.reject(new IdentityWebError(ErrorCode.StoreUnavailable, 'down'));
      await expect(api.acquireTokenOnBehalfOf(alice, { scopes: BILLING })).rejects.toMatchObject({
        code: 'store_unavailable',
      });
      expect(await alicePartition()).toBeNull();
    });
  });

  describe('which provider, user and request a grant is for', () => {
    const partitionOf = (subject: string) =>
      stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000${subject}`);

    it('exchanges with the provider the caller’s token names, and verifies its logout tokens with it', async () => {
      const other = await ApiTokenIssuer.create(() => Date.now());
      const otherIdp = exchangingProvider(other);
      const partner = { ...otherIdp.provider, issuer: 'https://partner.test' };
      const api = createIdentityWebApi({
        identityProviders: [idp.provider, partner],
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        secret: SECRET,
        stores,
      });
      const alice = await caller(api);
      await api.acquireTokenOnBehalfOf({ ...alice, issuer: 'https://partner.test' }, { scopes: BILLING });
      expect([idp.grants.length, otherIdp.grants.length]).toEqual([0, 1]);
      // A logout token of the first provider is not verified with the partner's keys, nor the reverse.
      const forged = await other.logoutToken({ sid: 'session-1' });
      expect((await api.backChannelLogout(await logoutRequest(forged))).status).toBe(400);
    });

    it('refuses a caller that is not protectApi’s, and a provider that cannot exchange', async () => {
      const api = newApi();
      await expect(api.acquireTokenOnBehalfOf({ token: 'x' } as never, { scopes: BILLING })).rejects.toThrow(
        /"caller" must be the caller/,
      );
      const plain = createIdentityWebApi({
        identityProvider: issuer.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        secret: SECRET,
      });
      await expect(plain.acquireTokenOnBehalfOf(await caller(plain), { scopes: BILLING })).rejects.toThrow(
        /cannot obtain tokens on behalf of users/,
      );
    });

    it('passes the resource and a claims challenge on, and never shares a grant across resources', async () => {
      const api = newApi();
      const alice = await caller(api);
      const release = idp.hold();
      const both = Promise.all([
        api.acquireTokenOnBehalfOf(alice, { scopes: BILLING, resource: 'https://billing.test' }),
        api.acquireTokenOnBehalfOf(alice, { scopes: BILLING, resource: 'https://mail.test', claims: '{"x":1}' }),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      release();
      const [billing, mail] = await both;
      expect(billing.accessToken).not.toBe(mail.accessToken);
      expect(idp.grants.map(({ resource, claims }) => ({ resource, claims }))).toEqual([
        { resource: 'https://billing.test', claims: undefined },
        { resource: 'https://mail.test', claims: '{"x":1}' },
      ]);
    });

    it('a logout naming only the sid removes the tokens of the user that session was filed under', async () => {
      const api = newApi();
      await api.acquireTokenOnBehalfOf(await caller(api, { sid: 'only-sid' }), { scopes: BILLING });
      await api.acquireTokenOnBehalfOf(await caller(api, { sub: 'bob', sid: 'bobs' }), { scopes: BILLING });
      expect((await api.backChannelLogout(await logoutRequest(logoutToken({ sid: 'only-sid' })))).status).toBe(200);
      expect(await partitionOf('alice')).toBeNull();
      expect(await partitionOf('bob')).not.toBeNull();
    });

    it('a logout during a first grant is not hidden by a web app’s entry of the same user in a shared registry', async () => {
      const api = newApi();
      const web = { issuer: API_ISSUER, subject: 'alice', accountKey: 'web-account', sessionId: 'web-session' };
      await stores.accountRegistry.recordSignIn(web, 3600);
      const alice = await caller(api, { sid: undefined });
      await logoutDuringGrant(api, alice, { sub: 'alice' });
      expect(await partitionOf('alice')).toBeNull();
    });

    it('removes the tokens of a user whose entry a full registry dropped: no sign-out could find them', async () => {
      stores.accountRegistry = new MemoryAccountRegistry(clock, { maxEntries: 1 });
      const api = newApi();
      await api.acquireTokenOnBehalfOf(await caller(api, { sub: 'bob', sid: 'bobs' }), { scopes: BILLING });
      expect(await partitionOf('bob')).not.toBeNull();
      await api.acquireTokenOnBehalfOf(await caller(api), { scopes: BILLING });
      expect(await partitionOf('bob')).toBeNull();
      expect(await partitionOf('alice')).not.toBeNull();
    });

    it('refuses a token whose payload is no JSON object before any key is fetched', async () => {
      const api = newApi();
      for (const payload of ['null', '[]', '"text"', '{']) {
        const token = `e30.${Buffer.from(payload).toString('base64url')}.sig`;
        const verdict = await api.guard()(request('GET', '/orders', { authorization: `Bearer ${token}` }));
        expect(verdict.caller === null && verdict.answer.headers['www-authenticate']).toContain('not a signed JWT');
      }
    });
  });
});
