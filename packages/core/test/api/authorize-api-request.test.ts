import { beforeAll, describe, expect, it, vi } from 'vitest';
import { resolveApiSettings } from '../../src/api/config/api-settings.js';
import { AuthorizeApiRequest, MAX_ACCESS_TOKEN_LENGTH } from '../../src/api/use-cases/authorize-api-request.js';
import { VERIFIED_TTL_MS } from '../../src/api/use-cases/verified-tokens.js';
import type { HttpRequest } from '../../src/http/types.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import {
  API_AUDIENCE,
  API_ISSUER,
  ApiTokenIssuer,
  type ProofKey,
  proofKey,
} from '../../src/testing/api-token-issuer.js';

// The order of an API request's checks and what each finds, on the use case itself.

const NOW = Date.UTC(2026, 10, 27);
const clock = { now: () => NOW };
const URL_ = 'https://api.test/orders?page=2';
let issuer: ApiTokenIssuer;
let key: ProofKey;

beforeAll(async () => {
  issuer = await ApiTokenIssuer.create(clock.now);
  key = await proofKey();
});

function request(headers: Record<string, string>, method = 'GET'): HttpRequest {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return {
    method,
    url: new URL('http://127.0.0.1:9/orders?page=2'),
    header: (name) => lower.get(name.toLowerCase()),
    cookie: () => undefined,
    readText: () => Promise.reject(new Error('no body')),
  };
}

function useCase(options: Record<string, unknown> = {}) {
  return new AuthorizeApiRequest(
    resolveApiSettings({
      identityProvider: issuer.provider,
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      clock,
      ...options,
    }),
  );
}

const descriptionOf = (outcome: object) => (outcome as { refusal?: { description?: string } }).refusal?.description;

/** An issuer and the use case on its clock, the provider's signature check watched. */
async function watchedApi(now: () => number) {
  const own = await ApiTokenIssuer.create(now);
  const provider = own.provider;
  const verify = vi.spyOn(provider, 'verifyAccessTokenSignature');
  const settings = { identityProvider: provider, audience: API_AUDIENCE, baseUrl: 'https://api.test', clock: { now } };
  return { own, verify, authorize: new AuthorizeApiRequest(resolveApiSettings(settings)) };
}

/** The payload of a compact JWT, as its issuer wrote it. */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

describe('AuthorizeApiRequest', () => {
  it('reads the Authorization header as RFC 6750 §2.1 and RFC 9110 §11.4 write it', async () => {
    const token = await issuer.token();
    const authorize = useCase();
    expect(await authorize.execute(request({ authorization: `bearer  ${token}` }), {})).toHaveProperty(
      'caller.subject',
    );
    expect(await authorize.execute(request({ authorization: '' }), {})).toMatchObject({
      refusal: { status: 401, error: undefined },
      schemes: ['Bearer', 'DPoP'],
    });
    const malformed = await authorize.execute(request({ authorization: `Bearer ${token} x` }), {});
    expect(malformed).toMatchObject({ refusal: { status: 400, error: 'invalid_request' } });
    expect(descriptionOf(malformed)).toBe('expected "Authorization: Bearer <token>" or "Authorization: DPoP <token>"');
    expect(await authorize.execute(request({ authorization: `xBearer ${token}` }), {})).toMatchObject({
      refusal: { status: 401, error: undefined },
      schemes: ['Bearer', 'DPoP'],
    });
    const required = useCase({ dpop: { required: true } });
    const onlyDpop = await required.execute(request({ authorization: 'DPoP' }), {});
    expect(descriptionOf(onlyDpop)).toBe('expected "Authorization: DPoP <token>"');
    expect(await required.execute(request({ authorization: 'Basic x' }), {})).toMatchObject({
      refusal: { status: 401, error: undefined },
      schemes: ['DPoP'],
    });
  });

  it('reads no header longer than 16 KiB', async () => {
    const long = `Bearer ${'a'.repeat(MAX_ACCESS_TOKEN_LENGTH - 7)}`;
    expect(long).toHaveLength(MAX_ACCESS_TOKEN_LENGTH);
    expect(await useCase().execute(request({ authorization: long }), {})).toMatchObject({
      refusal: { error: 'invalid_token' },
    });
    expect(await useCase().execute(request({ authorization: `${long}a` }), {})).toMatchObject({
      refusal: { error: 'invalid_request' },
    });
  });

  it('refuses what is no signed JWT before asking any provider', async () => {
    const verify = vi.spyOn(issuer.provider, 'verifyAccessTokenSignature');
    const token = await issuer.token();
    const [head, , signature] = token.split('.');
    const noIss = btoa(JSON.stringify({ sub: 'x' })).replace(/=+$/, '');
    for (const bad of [
      'abc',
      `${head}.${signature}`,
      `${head}.e30x.${signature}`,
      `${head}.${btoa('[').replace(/=+$/, '')}.x`,
      `${head}.${noIss}.x`,
    ]) {
      const outcome = await useCase().execute(request({ authorization: `Bearer ${bad}` }), {});
      expect(descriptionOf(outcome), bad).toBe('the token is not a signed JWT');
    }
    expect(verify).not.toHaveBeenCalled();
  });

  it("refuses a payload that is no JSON object once the provider's keys verified it", async () => {
    const api = new AuthorizeApiRequest(
      resolveApiSettings({
        identityProvider: {
          issuer: API_ISSUER,
          verifyAccessTokenSignature: async () => ({ protectedHeader: {}, payload: new TextEncoder().encode('[1]') }),
        },
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
      }),
    );
    const outcome = await api.execute(request({ authorization: `Bearer ${await issuer.token()}` }), {});
    expect(descriptionOf(outcome)).toBe("the token's payload is not a JSON object");
  });

  it('lets an error of the route requirement itself go on, as a fault of the app', async () => {
    const boom = new Error('the check broke');
    const outcome = useCase().execute(request({ authorization: `Bearer ${await issuer.token()}` }), {
      claim: () => {
        throw boom;
      },
    });
    await expect(outcome).rejects.toBe(boom);
  });

  it('refuses a token bound otherwise than by DPoP, in either scheme', async () => {
    const token = await issuer.token({ cnf: { 'x5t#S256': 'abc' } });
    expect(descriptionOf(await useCase().execute(request({ authorization: `Bearer ${token}` }), {}))).toBe(
      'the token is key-bound',
    );
    const both = await issuer.token({ cnf: { jkt: key.jkt, 'x5t#S256': 'abc' } });
    const proof = await issuer.proof(key, both, URL_);
    expect(descriptionOf(await useCase().execute(request({ authorization: `DPoP ${both}`, dpop: proof }), {}))).toBe(
      'the token has a binding this API cannot check',
    );
  });

  it('takes DPoP with dpop.required, remembers each proof while it could pass under its key, and takes a new one', async () => {
    const replayCache = new MemoryReplayCache(clock);
    const put = vi.spyOn(replayCache, 'putIfAbsent');
    const authorize = useCase({ dpop: { required: true }, replayCache });
    const token = await issuer.token({ cnf: { jkt: key.jkt } });
    const first = await issuer.proof(key, token, URL_);
    const second = await issuer.proof(key, token, URL_);
    for (const proof of [first, second]) {
      const outcome = await authorize.execute(request({ authorization: `DPoP ${token}`, dpop: proof }), {});
      expect(outcome).toHaveProperty('caller.scheme', 'DPoP');
    }
    expect(put).toHaveBeenCalledTimes(2);
    expect(put.mock.calls[0]?.[0]).toMatch(new RegExp(`^dpop:${key.jkt}:[\\w-]{43}$`));
    expect(put.mock.calls[0]?.[0]).not.toBe(put.mock.calls[1]?.[0]);
    // iat = now (a whole second): accepted until iat + 60 + 5 s, to the end of that second, and
    // 5 s more for an instance whose clock is behind.
    expect(put.mock.calls[0]?.[1]).toBe(71);
    const joined = await authorize.execute(
      request({ authorization: `DPoP ${token}`, dpop: `${first}, ${second}` }),
      {},
    );
    expect(descriptionOf(joined)).toBe('exactly one DPoP header is allowed');
  });

  it('refuses a replayed proof for as long as it passes its iat check, one made ahead of the clock too', async () => {
    let now = NOW + 300; // a request a little into the second
    const moving = { now: () => now };
    const authorize = new AuthorizeApiRequest(
      resolveApiSettings({
        identityProvider: issuer.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        clock: moving,
        dpop: { required: true },
        replayCache: new MemoryReplayCache(moving),
      }),
    );
    const token = await issuer.token({ cnf: { jkt: key.jkt }, exp: NOW / 1000 + 3600 });
    // A client clock 5 s ahead (the skew allowed): the proof is accepted until iat + 65 s, that is
    // about 70.7 s after its first use here.
    const ahead = await issuer.proof(key, token, URL_, { iat: NOW / 1000 + 5 });
    const send = () => authorize.execute(request({ authorization: `DPoP ${token}`, dpop: ahead }), {});
    expect(await send()).toHaveProperty('caller.scheme', 'DPoP');
    for (const later of [1_000, 60_000, 70_000, 70_500, 70_699]) {
      now = NOW + 300 + later;
      expect(descriptionOf(await send()), `${later} ms later`).toBe('DPoP proof replayed: its jti was used');
    }
    now = NOW + 300 + 70_700; // past its last second: the age check refuses it, the memory may go
    expect(descriptionOf(await send())).toMatch(/"iat" check/);
  });

  it('refuses a proof replayed at another instance whose clock is behind, through a shared store', async () => {
    // A shared store (as Redis's SET NX EX) counts a time to live on its own clock: real time.
    let real = NOW;
    const expiries = new Map<string, number>();
    const shared = {
      has: async (key: string) => (expiries.get(key) ?? 0) > real,
      async putIfAbsent(key: string, ttlSeconds: number) {
        if ((expiries.get(key) ?? 0) > real) return false;
        expiries.set(key, real + ttlSeconds * 1000);
        return true;
      },
    };
    const instance = (clock: { now(): number }) =>
      new AuthorizeApiRequest(
        resolveApiSettings({
          identityProvider: issuer.provider,
          audience: API_AUDIENCE,
          baseUrl: 'https://api.test',
          clock,
          dpop: { required: true },
          replayCache: shared,
        }),
      );
    const ahead = instance({ now: () => real + 4_000 }); // 4 s ahead of the other
    const behind = instance({ now: () => real });
    const token = await issuer.token({ cnf: { jkt: key.jkt }, exp: NOW / 1000 + 3600 });
    const proof = await issuer.proof(key, token, URL_, { iat: NOW / 1000 - 60 });
    const send = (api: AuthorizeApiRequest) =>
      api.execute(request({ authorization: `DPoP ${token}`, dpop: proof }), {});
    expect(await send(ahead)).toHaveProperty('caller.scheme', 'DPoP');
    // The other instance accepts the proof's iat until real NOW + 6 s: the memory must outlast that.
    for (const later of [1_000, 3_000, 5_000, 5_999]) {
      real = NOW + later;
      expect(descriptionOf(await send(behind)), `${later} ms later`).toBe('DPoP proof replayed: its jti was used');
    }
  });

  it('answers 503 when the replay memory cannot be reached, and says so', async () => {
    const replayCache = { has: async () => false, putIfAbsent: () => Promise.reject(new Error('down')) };
    const token = await issuer.token({ cnf: { jkt: key.jkt } });
    const outcome = await useCase({ replayCache }).execute(
      request({ authorization: `DPoP ${token}`, dpop: await issuer.proof(key, token, URL_) }),
      {},
    );
    expect(outcome).toMatchObject({
      refusal: { status: 503, description: 'the DPoP replay memory cannot be reached' },
      schemes: ['DPoP'],
    });
  });

  it('asks for a nonce in the words of RFC 9449 §9, and says the issuer is down when it is', async () => {
    const token = await issuer.token({ cnf: { jkt: key.jkt } });
    const proof = await issuer.proof(key, token, URL_);
    const outcome = await useCase({ dpop: { nonce: true } }).execute(
      request({ authorization: `DPoP ${token}`, dpop: proof }),
      {},
    );
    expect(outcome).toMatchObject({ refusal: { error: 'use_dpop_nonce' } });
    expect(descriptionOf(outcome)).toBe('the API requires a nonce it issued (DPoP-Nonce) in the DPoP proof');
    issuer.down = true;
    try {
      const down = await useCase().execute(request({ authorization: `Bearer ${await issuer.token()}` }), {});
      expect(descriptionOf(down)).toBe('the token issuer cannot be reached');
    } finally {
      issuer.down = false;
    }
  });

  it('verifies a token sent again from memory for 5 minutes, its times every time, and never remembers a refused one', async () => {
    let now = NOW;
    const { own, verify, authorize } = await watchedApi(() => now);
    const token = await own.token({ exp: NOW / 1000 + 400 });
    const call = () => authorize.execute(request({ authorization: `Bearer ${token}` }), {});
    expect(await call()).toHaveProperty('caller.subject', 'alice');
    expect(await call()).toHaveProperty('caller.subject', 'alice');
    expect(verify).toHaveBeenCalledTimes(1);
    now += VERIFIED_TTL_MS - 1;
    await call();
    expect(verify).toHaveBeenCalledTimes(1);
    now += 2;
    await call();
    expect(verify).toHaveBeenCalledTimes(2);
    // Remembered or not, the token's claims are checked at every request: past exp (and the skew), refused.
    now = NOW + 461_000;
    expect(descriptionOf(await call())).toBe('the token has expired');
    // Validly signed but refused for its claims (an ID token, another API's token): never remembered.
    for (const refused of [await own.token({}, { typ: 'JWT' }), await own.token({ aud: 'api://other' })]) {
      for (let i = 0; i < 2; i++) await authorize.execute(request({ authorization: `Bearer ${refused}` }), {});
    }
    expect(verify).toHaveBeenCalledTimes(6);
    const forged = await own.token({}, {}, true);
    for (let i = 0; i < 2; i++) {
      expect(descriptionOf(await authorize.execute(request({ authorization: `Bearer ${forged}` }), {}))).toMatch(
        /signature was refused/,
      );
    }
    expect(verify).toHaveBeenCalledTimes(8);
  });

  it('takes from memory only the very token verified: another with the same signature end is verified, and refused', async () => {
    const { own, verify, authorize } = await watchedApi(() => NOW);
    const token = await own.token({ sub: 'alice' });
    const [header, , signature] = token.split('.');
    // Bob's claims under Alice's signature: the memory files tokens by their signature's end.
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(token), sub: 'bob' })).toString('base64url');
    const forged = `${header}.${payload}.${signature}`;
    expect(await authorize.execute(request({ authorization: `Bearer ${token}` }), {})).toHaveProperty(
      'caller.subject',
      'alice',
    );
    const outcome = await authorize.execute(request({ authorization: `Bearer ${forged}` }), {});
    expect(descriptionOf(outcome)).toMatch(/signature was refused/);
    expect(verify).toHaveBeenCalledTimes(2);
    // Alice's token, sent again, is still hers, from memory.
    expect(await authorize.execute(request({ authorization: `Bearer ${token}` }), {})).toHaveProperty(
      'caller.subject',
      'alice',
    );
  });

  it("gives every request of a remembered token its claims frozen: one route's change never reaches the next", async () => {
    const authorize = useCase();
    const token = await issuer.token({ roles: ['Orders.Reader'], extra: { nested: ['a'] } });
    const first = await authorize.execute(request({ authorization: `Bearer ${token}` }), {});
    if (!('caller' in first)) throw new Error('refused');
    expect(() => (first.caller.roles as string[]).push('Orders.Admin')).toThrow(TypeError);
    expect(() => ((first.caller.claims.extra as { nested: string[] }).nested as string[]).push('b')).toThrow(TypeError);
    const admin = await authorize.execute(request({ authorization: `Bearer ${token}` }), { roles: ['Orders.Admin'] });
    expect(admin).toMatchObject({ refusal: { status: 403 } });
  });

  it('refuses an Authorization header over the longest read, remembered token or not', async () => {
    const authorize = useCase();
    // A token whose `Bearer ` header is just over the bound, and whose `DPoP ` one is not.
    const [low, high] = [MAX_ACCESS_TOKEN_LENGTH - 6, MAX_ACCESS_TOKEN_LENGTH - 5];
    let pad = 11_000;
    let token = await issuer.token({ pad: 'x'.repeat(pad) });
    for (let tries = 0; tries < 40 && (token.length < low || token.length > high); tries++) {
      pad += token.length < low ? Math.max(1, Math.floor(((low - token.length) * 3) / 4)) : -1;
      token = await issuer.token({ pad: 'x'.repeat(pad) });
    }
    expect(`Bearer ${token}`.length).toBeGreaterThan(MAX_ACCESS_TOKEN_LENGTH);
    expect(`DPoP ${token}`.length).toBeLessThanOrEqual(MAX_ACCESS_TOKEN_LENGTH);
    const bearer = () => authorize.execute(request({ authorization: `Bearer ${token}` }), {});
    expect(await bearer()).toMatchObject({ refusal: { error: 'invalid_request' } });
    // Sent as DPoP with a proof of the client's own key: verified (and remembered), then refused as unbound.
    const proof = await issuer.proof(key, token, 'https://api.test/orders');
    const dpop = await authorize.execute(request({ authorization: `DPoP ${token}`, dpop: proof }), {});
    expect(descriptionOf(dpop)).toBe('the token is not DPoP-bound');
    expect(await bearer()).toMatchObject({ refusal: { error: 'invalid_request' } });
  });
});
