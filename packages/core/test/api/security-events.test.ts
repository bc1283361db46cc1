// Shared Signals reaching an API: what each CAEP and RISC event does to the tokens the API obtained
// on a user's behalf and to the user's sessions, and the option's checks.

import type { HttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi, type IdentityWebApi } from '@identity-web/core/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { exchangingProvider } from '../../src/testing/api-exchange.js';
import { API_AUDIENCE, API_ISSUER, ApiTokenIssuer } from '../../src/testing/api-token-issuer.js';
import { FAKE_TRANSMITTER_ISSUER, FakeSecurityEventTransmitter } from '../../src/testing/fake-transmitter.js';

const SECRET = 'an-api-secret-of-at-least-32-characters';
const BILLING = ['api://billing/invoices.read'];
const clock = { now: () => Date.now() };
/** The replay memory's time, moved past a claim's 30 s in one test. */
let later = 0;
const replayClock = { now: () => Date.now() + later };
const CAEP = 'https://schemas.openid.net/secevent/caep/event-type/';
const RISC = 'https://schemas.openid.net/secevent/risc/event-type/';
const alice = { format: 'iss_sub', iss: API_ISSUER, sub: 'alice' };

let issuer: ApiTokenIssuer;
let idp: ReturnType<typeof exchangingProvider>;
let transmitter: FakeSecurityEventTransmitter;
let stores: {
  tokenCacheStore: MemoryTokenCacheStore;
  accountRegistry: MemoryAccountRegistry;
  replayCache: MemoryReplayCache;
};
let warnings: string[];
let logged: Record<string, unknown>[];

beforeEach(async () => {
  issuer = await ApiTokenIssuer.create(() => Date.now());
  idp = exchangingProvider(issuer);
  transmitter = new FakeSecurityEventTransmitter(clock, 'orders-api');
  stores = {
    tokenCacheStore: new MemoryTokenCacheStore(clock),
    accountRegistry: new MemoryAccountRegistry(clock),
    replayCache: new MemoryReplayCache(replayClock),
  };
  later = 0;
  warnings = [];
  logged = [];
});

function newApi(sharedSignals: Record<string, unknown> = {}): IdentityWebApi {
  return createIdentityWebApi({
    identityProvider: idp.provider,
    audience: API_AUDIENCE,
    baseUrl: 'https://api.test',
    secret: SECRET,
    stores,
    sharedSignals: { transmitter, audience: 'orders-api', ...sharedSignals },
    logger: {
      debug: () => {},
      info: () => {},
      warn: (fields, message) => {
        warnings.push(message);
        logged.push(fields as Record<string, unknown>);
      },
      error: () => {},
    },
  });
}

function request(headers: Record<string, string>, body = ''): HttpRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method: 'POST',
    url: new URL('https://api.test/security-events'),
    header: (name: string) => lower[name.toLowerCase()],
    readText: async () => body,
  } as unknown as HttpRequest;
}

async function push(api: IdentityWebApi, set: string): Promise<number> {
  return (await api.securityEvents()(request({ 'content-type': 'application/secevent+jwt' }, set))).status;
}

async function event(type: string, subject: Record<string, unknown>, body: Record<string, unknown> = {}) {
  return (await transmitter.set(type, subject, body)).set;
}

/** Alice calls with a token of session `sid` and the API obtains a billing token for her. */
async function aliceWithTokens(api: IdentityWebApi, sid = 'session-1') {
  const token = await issuer.token({ sid });
  const verdict = await api.guard()({
    ...request({ authorization: `Bearer ${token}` }),
    method: 'GET',
  } as HttpRequest);
  if (verdict.caller === null) throw new Error(`refused: ${verdict.answer.body}`);
  await api.acquireTokenOnBehalfOf(verdict.caller, { scopes: BILLING });
  return { caller: verdict.caller, token };
}

async function tokenStatus(api: IdentityWebApi, token: string): Promise<number> {
  const verdict = await api.guard()({ ...request({ authorization: `Bearer ${token}` }), method: 'GET' } as HttpRequest);
  return verdict.caller === null ? verdict.answer.status : 200;
}

const partition = () => stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000alice`);

describe('security events at an API', () => {
  it.each([
    ['RISC account-disabled', `${RISC}account-disabled`, { reason: 'hijacking' }],
    ['RISC account-purged', `${RISC}account-purged`, {}],
    ['CAEP credential-change', `${CAEP}credential-change`, { credential_type: 'password', change_type: 'update' }],
    ['CAEP sessions revoked for the user', `${CAEP}session-revoked`, {}],
  ])(
    '%s by iss_sub removes the tokens had on the user’s behalf and refuses her tokens issued until then',
    async (_n, type, body) => {
      const api = newApi();
      const { caller, token } = await aliceWithTokens(api);
      const withoutSid = await issuer.token({ sid: undefined });
      expect(await partition()).not.toBeNull();
      expect(await push(api, await event(type, alice, body))).toBe(202);
      expect(await partition()).toBeNull();
      // Her tokens of then are refused, with a sid or without, on every instance; bob's and her next ones pass.
      expect(await tokenStatus(api, token)).toBe(401);
      expect(await tokenStatus(newApi(), withoutSid)).toBe(401);
      expect(await tokenStatus(api, await issuer.token({ sub: 'bob', sid: undefined }))).toBe(200);
      const next = await issuer.token({ sid: undefined, iat: Math.floor(Date.now() / 1000) + 1 });
      expect(await tokenStatus(api, next)).toBe(200);
      expect(await stores.accountRegistry.findBySubject(API_ISSUER, 'alice')).toEqual([]);
      await api.acquireTokenOnBehalfOf(caller, { scopes: BILLING });
      expect(idp.grants).toHaveLength(2);
    },
  );

  it('a revoked session by its id is refused from then on, and its user’s tokens go; other sessions stay', async () => {
    const api = newApi();
    const { token } = await aliceWithTokens(api, 'session-1');
    const other = await issuer.token({ sid: 'session-2' });
    expect(await push(api, await event(`${CAEP}session-revoked`, { format: 'opaque', id: 'session-1' }))).toBe(202);
    expect(await tokenStatus(api, token)).toBe(401);
    expect(await tokenStatus(api, other)).toBe(200);
    expect(await partition()).toBeNull();
    // Another instance on the same stores refuses it too.
    expect(await tokenStatus(newApi(), token)).toBe(401);
  });

  it('changed token claims remove the tokens, and end no session', async () => {
    const api = newApi();
    const { token } = await aliceWithTokens(api, 'session-1');
    const subject = { format: 'complex', user: alice, session: { format: 'opaque', id: 'session-1' } };
    const set = await event(`${CAEP}token-claims-change`, subject, { claims: { role: 'ro-admin' } });
    expect(await push(api, set)).toBe(202);
    expect(await partition()).toBeNull();
    expect(await tokenStatus(api, token)).toBe(200);
  });

  it('changed token claims of the user alone refuse none of her tokens', async () => {
    const api = newApi();
    const { token } = await aliceWithTokens(api, 'session-1');
    const withoutSid = await issuer.token({ sid: undefined });
    expect(await push(api, await event(`${CAEP}token-claims-change`, alice, { claims: {} }))).toBe(202);
    expect(await partition()).toBeNull();
    expect(await tokenStatus(api, token)).toBe(200);
    expect(await tokenStatus(api, withoutSid)).toBe(200);
  });

  it('changed token claims of a session alone remove the tokens filed under it, and end no session', async () => {
    const api = newApi();
    const { token } = await aliceWithTokens(api, 'session-1');
    const session = { format: 'complex', session: { format: 'opaque', id: 'session-1' } };
    const set = await event(`${CAEP}token-claims-change`, session, { claims: {} });
    expect(await push(api, set)).toBe(202);
    expect(await partition()).toBeNull();
    expect(await tokenStatus(api, token)).toBe(200);
  });

  it("ends no session of another user: a subject naming alice and bob's session removes alice's tokens only", async () => {
    const api = newApi();
    const { token: aliceToken } = await aliceWithTokens(api, 'alice-session');
    const aliceWithoutSid = await issuer.token({ sid: undefined });
    const bobToken = await issuer.token({ sub: 'bob', sid: 'bob-session' });
    const bob = await api.guard()({
      ...request({ authorization: `Bearer ${bobToken}` }),
      method: 'GET',
    } as HttpRequest);
    if (bob.caller === null) throw new Error('bob refused');
    await api.acquireTokenOnBehalfOf(bob.caller, { scopes: BILLING });
    const subject = { format: 'complex', user: alice, session: { format: 'opaque', id: 'bob-session' } };
    expect(await push(api, await event(`${CAEP}session-revoked`, subject))).toBe(202);
    expect(await tokenStatus(api, bobToken)).toBe(200);
    // One session was named, not every one of alice's: her other tokens pass.
    expect(await tokenStatus(api, aliceToken)).toBe(200);
    expect(await tokenStatus(api, aliceWithoutSid)).toBe(200);
    expect(await partition()).toBeNull();
    expect(await stores.tokenCacheStore.getPartition(`\u0000obo\u0000${API_ISSUER}\u0000bob`)).not.toBeNull();
    expect(warnings.some((w) => w.includes("another user's session"))).toBe(true);
    expect(logged).toContainEqual({ event: 'security_event_unmatched', format: 'complex' });
    // A session the API never saw is ended on the transmitter's word.
    const unseen = await issuer.token({ sid: 'unseen-session' });
    const named = { format: 'complex', user: alice, session: { format: 'opaque', id: 'unseen-session' } };
    expect(await push(api, await event(`${CAEP}session-revoked`, named))).toBe(202);
    expect(await tokenStatus(api, unseen)).toBe(401);
  });

  it("acts on a SET a web app sharing its replay cache received too: the API's jti keys are its own", async () => {
    const api = newApi();
    await aliceWithTokens(api);
    const { jti, set } = await transmitter.set(`${RISC}account-disabled`, alice);
    // What the web app's receiver remembers for the same SET.
    await stores.replayCache.putIfAbsent(`ssf\u0000${FAKE_TRANSMITTER_ISSUER}\u0000${jti}`, 600);
    expect(await push(api, set)).toBe(202);
    expect(await partition()).toBeNull();
  });

  it('takes a user named at the transmitter’s own issuer as the provider’s (a RISC transmitter’s iss)', async () => {
    const api = newApi();
    await aliceWithTokens(api);
    const subject = { format: 'iss_sub', iss: FAKE_TRANSMITTER_ISSUER, sub: 'alice' };
    expect(await push(api, await event(`${RISC}account-disabled`, subject))).toBe(202);
    expect(await partition()).toBeNull();
  });

  it.each([
    [
      'a user at another issuer',
      `${RISC}account-disabled`,
      { format: 'iss_sub', iss: 'https://other.test', sub: 'alice' },
      'neither the provider',
    ],
    ['a user by email', `${RISC}account-disabled`, { format: 'email', email: 'alice@example.com' }, 'by email'],
    [
      'a critical member it cannot process',
      `${RISC}account-disabled`,
      { format: 'complex', user: alice, tenant: { format: 'opaque', id: 't' } },
      undefined,
    ],
    ['an event it does not act on', `${RISC}account-enabled`, alice, undefined],
  ])('acknowledges %s and removes nothing', async (_name, type, subject, warning) => {
    const api = newApi();
    const { token } = await aliceWithTokens(api);
    expect(await push(api, await event(type, subject))).toBe(202);
    expect(await partition()).not.toBeNull();
    expect(await tokenStatus(api, token)).toBe(200);
    if (warning !== undefined) expect(warnings.some((w) => w.includes(warning))).toBe(true);
  });

  it('logs each refusal and each subject it cannot match at warn, with its reason', async () => {
    const api = newApi();
    const { set } = await transmitter.set(`${RISC}account-disabled`, alice);
    expect(await push(api, `${set.slice(0, -2)}xx`)).toBe(400);
    expect(logged).toContainEqual(expect.objectContaining({ event: 'security_event_refused', reason: 'invalid_key' }));
    const other = { format: 'iss_sub', iss: 'https://other.test', sub: 'alice' };
    await push(api, await event(`${RISC}account-disabled`, other));
    await push(api, await event(`${RISC}account-disabled`, { format: 'email', email: 'alice@example.com' }));
    expect(logged).toContainEqual({ event: 'security_event_unmatched', format: 'iss_sub' });
    expect(logged).toContainEqual({ event: 'security_event_unmatched', format: 'email' });
  });

  it("keeps the tokens on credential-change with credentialChange: 'acknowledge'", async () => {
    const api = newApi({ credentialChange: 'acknowledge' });
    await aliceWithTokens(api);
    expect(await push(api, await event(`${CAEP}credential-change`, alice, { change_type: 'update' }))).toBe(202);
    expect(await partition()).not.toBeNull();
  });

  it('answers 503 while a store is down and acts on the retry: the jti is remembered only once done', async () => {
    const api = newApi();
    await aliceWithTokens(api);
    const set = await event(`${RISC}account-disabled`, alice);
    const forget = stores.accountRegistry.forgetAccount.bind(stores.accountRegistry);
    stores.accountRegistry.forgetAccount = () =>
      Promise.reject(new IdentityWebError(ErrorCode.StoreUnavailable, 'the store is down'));
    const failed = await api.securityEvents()(request({ 'content-type': 'application/secevent+jwt' }, set));
    expect(failed.status).toBe(503);
    expect(failed.headers['retry-after']).toBeDefined();
    stores.accountRegistry.forgetAccount = forget;
    // Meanwhile a retry is answered "try again" (the failed delivery's claim); after the claim lapses it is acted on.
    expect(await push(api, set)).toBe(503);
    later = 31_000;
    expect(await push(api, set)).toBe(202);
    expect(await partition()).toBeNull();
    expect(await push(api, set)).toBe(400); // now a replay
  });

  it.each([
    [{ transmitter: {} }, 'sharedSignals.transmitter', 'must be a Shared Signals transmitter'],
    [{ issuer: 'https://other.test' }, 'sharedSignals.issuer', "is not one of the API's providers"],
    [{ push: { authorization: 'short' } }, 'sharedSignals.push.authorization', 'at least 16 characters'],
    [{ credentialChange: 'remove' }, 'sharedSignals.credentialChange', '"remove-account"'],
    [{ maxAgeSeconds: 10 }, 'sharedSignals.maxAgeSeconds', 'from 60'],
    [{ audiences: ['x'] }, 'sharedSignals.audiences', 'did you mean'],
  ])('refuses sharedSignals %j', (options, option, message) => {
    expect(() => newApi(options)).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    expect(() => newApi(options)).toThrow(option);
    expect(() => newApi(options)).toThrow(message);
  });

  it('asks for an audience when the provider has no client id', () => {
    const { clientId: _none, ...anonymous } = idp.provider as { clientId?: string };
    expect(() =>
      createIdentityWebApi({
        identityProvider: anonymous as never,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        sharedSignals: { transmitter },
      }),
    ).toThrow('sharedSignals.audience');
  });
});
