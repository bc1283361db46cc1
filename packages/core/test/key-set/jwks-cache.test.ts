import { ManualClock } from '@identity-web/core/testing';
import { compactVerify, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAILED_LOAD_FLOOR_MS, JWKS_COOLDOWN_MS, JwksCache, type TokenChannel } from '../../src/key-set/jwks-cache.js';
import { MAX_CANDIDATES } from '../../src/key-set/pick-key.js';
import type { FetchLike } from '../../src/ports/fetch.port.js';
import { expectKeySetFailure, KEY_SET_FAILURES, type KeySetAnswer, respond } from '../support/key-set-failures.js';

// The issuer's key set both IdP packages verify ID tokens and logout tokens with (OIDC Core 1.0
// §10.1 and §10.1.1): time is the injected clock, the network a fake fetch that counts requests.
const URI = 'https://idp.example.com/jwks';
const TTL_MS = 600_000;

interface Key {
  readonly kid: string | undefined;
  readonly publicJwk: JWK;
  sign(claims?: Record<string, unknown>): Promise<string>;
}

/**
 * RSA key pairs, made once for the file: a test's keys are distinct from each other, and the next
 * test takes the same ones again (an RSA key takes a few hundred milliseconds to make).
 */
const pairs: Promise<CryptoKeyPair>[] = [];
let keysMade = 0;

async function makeKey(kid: string | undefined): Promise<Key> {
  const index = keysMade++;
  pairs[index] ??= generateKeyPair('RS256', { extractable: true });
  const { publicKey, privateKey } = await pairs[index];
  const publicJwk = { ...(await exportJWK(publicKey)), alg: 'RS256', ...(kid !== undefined && { kid }) };
  const sign = (claims = {}) =>
    new SignJWT({ sub: 'u', ...claims })
      .setProtectedHeader({ alg: 'RS256', ...(kid !== undefined && { kid }) })
      .sign(privateKey);
  return { kid, publicJwk, sign };
}

/** A key-set endpoint per URL: `keys` serves a set, `answer` replaces it with a failure. */
class FakeEndpoint {
  keys: Record<string, JWK[]> = {};
  answer: KeySetAnswer | undefined;
  readonly requests: { url: string; init: RequestInit }[] = [];
  readonly fetch: FetchLike = async (url, init) => {
    this.requests.push({ url, init });
    const response =
      this.answer === undefined ? Response.json({ keys: this.keys[url] ?? [] }) : await respondWithin(this.answer);
    if (response.type === 'error') throw new TypeError('fetch failed');
    return response;
  };
}

/** What a package's bounded fetch does with no answer: it gives up (here after 50 ms). */
function respondWithin(answer: KeySetAnswer): Promise<Response> {
  const timeout = AbortSignal.timeout(50);
  return Promise.race([
    respond(answer),
    new Promise<never>((_, reject) => timeout.addEventListener('abort', () => reject(timeout.reason))),
  ]);
}

let clock: ManualClock;
let endpoint: FakeEndpoint;
let cache: JwksCache;

function verify(jwt: string, channel: TokenChannel = 'id-token', uri = URI) {
  return compactVerify(jwt, cache.keySet(uri, channel), { algorithms: ['RS256'] });
}

async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  return promise.then(
    () => expect.unreachable('expected a refusal'),
    (error: unknown) => error as Error & { code?: string },
  );
}

beforeEach(() => {
  keysMade = 0;
  clock = new ManualClock();
  endpoint = new FakeEndpoint();
  cache = new JwksCache(clock, TTL_MS, endpoint.fetch);
});

describe('loading the set', () => {
  it('GETs the set without following redirects, asking for JSON, once for concurrent verifications', async () => {
    const key = await makeKey('k1');
    endpoint.keys[URI] = [key.publicJwk];
    const tokens = await Promise.all(Array.from({ length: 5 }, () => key.sign()));
    await Promise.all(tokens.map((jwt) => verify(jwt)));
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]?.init).toMatchObject({
      method: 'GET',
      redirect: 'manual',
      headers: { accept: 'application/json' },
    });
  });

  it('keeps the set for ttlMs of the clock, then fetches it again', async () => {
    const key = await makeKey('k1');
    endpoint.keys[URI] = [key.publicJwk];
    await verify(await key.sign());
    clock.advance(TTL_MS - 1);
    await verify(await key.sign());
    expect(endpoint.requests).toHaveLength(1);
    clock.advance(1);
    await verify(await key.sign());
    expect(endpoint.requests).toHaveLength(2);
  });

  it('replaces the set when the jwks_uri changes: the old set’s keys no longer count', async () => {
    const [old, next] = await Promise.all([makeKey('old'), makeKey('next')]);
    const NEXT_URI = 'https://idp.example.com/keys-2';
    endpoint.keys = { [URI]: [old.publicJwk], [NEXT_URI]: [next.publicJwk] };
    await verify(await old.sign());
    expect((await refusal(verify(await old.sign(), 'id-token', NEXT_URI))).name).toBe('JWKSNoMatchingKey');
    await verify(await next.sign(), 'id-token', NEXT_URI);
    // The unknown kid refetched the new set at once; the old one was never asked again.
    expect(endpoint.requests.map((r) => r.url)).toEqual([URI, NEXT_URI, NEXT_URI]);
  });
});

describe('an unknown kid (OIDC Core 1.0 §10.1.1 key rotation)', () => {
  it('picks up a rotated key with one refetch, at once after the first load', async () => {
    const [first, rotated] = await Promise.all([makeKey('k1'), makeKey('k2')]);
    endpoint.keys[URI] = [first.publicJwk];
    await verify(await first.sign());
    endpoint.keys[URI] = [first.publicJwk, rotated.publicJwk];
    await verify(await rotated.sign());
    expect(endpoint.requests).toHaveLength(2);
  });

  it('refetches at most once per cooldown per channel, and a key that left the set is refused', async () => {
    const [first, rotated, forged] = await Promise.all([makeKey('k1'), makeKey('k2'), makeKey('forged')]);
    endpoint.keys[URI] = [first.publicJwk];
    await verify(await first.sign());
    await refusal(verify(await forged.sign(), 'logout-token'));
    expect(endpoint.requests).toHaveLength(2);
    clock.advance(JWKS_COOLDOWN_MS - 1);
    for (let i = 0; i < 5; i++) await refusal(verify(await forged.sign(), 'logout-token'));
    expect(endpoint.requests).toHaveLength(2);
    // Forged logout tokens spent their channel's refetch, not the ID tokens': a rotation is picked up.
    endpoint.keys[URI] = [rotated.publicJwk];
    await verify(await rotated.sign(), 'id-token');
    expect(endpoint.requests).toHaveLength(3);
    // The retired key left the set with that refetch.
    expect((await refusal(verify(await first.sign(), 'id-token'))).name).toBe('JWKSNoMatchingKey');
    expect(endpoint.requests).toHaveLength(3);
    clock.advance(1);
    await refusal(verify(await forged.sign(), 'logout-token'));
    expect(endpoint.requests).toHaveLength(4);
  });

  it('shares one refetch among a burst of concurrent unknown kids', async () => {
    const first = await makeKey('k1');
    endpoint.keys[URI] = [first.publicJwk];
    await verify(await first.sign());
    const forged = await Promise.all(Array.from({ length: 10 }, (_, i) => makeKey(`forged-${i}`)));
    const tokens = await Promise.all(forged.map((key) => key.sign()));
    const results = await Promise.allSettled(tokens.map((jwt) => verify(jwt, 'logout-token')));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(endpoint.requests).toHaveLength(2);
  });
});

describe('a token without kid (OIDC Core 1.0 §10.1)', () => {
  it('is verified by the one key of its type, or by any of several', async () => {
    const keys = await Promise.all([makeKey(undefined), makeKey(undefined), makeKey(undefined)]);
    endpoint.keys[URI] = [keys[0].publicJwk];
    await verify(await keys[0].sign());
    endpoint.keys[URI] = keys.map((k) => k.publicJwk);
    clock.advance(TTL_MS);
    await verify(await keys[2].sign());
  });

  it(`tries at most ${MAX_CANDIDATES} keys of several`, async () => {
    const keys = await Promise.all(Array.from({ length: MAX_CANDIDATES + 1 }, () => makeKey(undefined)));
    endpoint.keys[URI] = keys.map((k) => k.publicJwk);
    await verify(await keys[MAX_CANDIDATES - 1]!.sign());
    const error = await refusal(verify(await keys[MAX_CANDIDATES]!.sign()));
    expect(error.name).toBe('JWSSignatureVerificationFailed');
  });

  it('that no key verifies fetches the set again once: a rotation without kids', async () => {
    const [first, rotated] = await Promise.all([makeKey(undefined), makeKey(undefined)]);
    endpoint.keys[URI] = [first.publicJwk];
    await verify(await first.sign());
    endpoint.keys[URI] = [rotated.publicJwk];
    await verify(await rotated.sign());
    expect(endpoint.requests).toHaveLength(2);
  });
});

describe('a set that cannot be loaded', () => {
  it('is never kept: its failure is answered for the floor without a fetch, then fetched again', async () => {
    const key = await makeKey('k1');
    endpoint.keys[URI] = [key.publicJwk];
    endpoint.answer = { status: 503, body: '' };
    const error = await refusal(verify(await key.sign()));
    expect(error).toMatchObject({ code: 'idp_unavailable', message: `the JWKS endpoint ${URI} answered HTTP 503` });
    endpoint.answer = undefined;
    clock.advance(FAILED_LOAD_FLOOR_MS - 1);
    for (let i = 0; i < 3; i++) expect(await refusal(verify(await key.sign()))).toBe(error);
    expect(endpoint.requests).toHaveLength(1);
    clock.advance(1);
    await verify(await key.sign());
    expect(endpoint.requests).toHaveLength(2);
  });

  it.each(KEY_SET_FAILURES.map((f) => [f.name, f] as const))('%s → %s', async (_name, failure) => {
    const key = await makeKey('k1');
    endpoint.answer = failure.answer;
    expectKeySetFailure(await refusal(verify(await key.sign())), failure, URI);
  });
});

describe('what does not refetch, and loads of two key-set URLs at once', () => {
  it('passes a failure that is no unknown key through without fetching the set again, with or without kid', async () => {
    const key = await makeKey('k1');
    endpoint.keys[URI] = [key.publicJwk];
    await verify(await key.sign());
    const [protectedHeader, payload, signature] = (await key.sign()).split('.') as [string, string, string];
    const token = { protected: protectedHeader, payload, signature };
    for (const header of [{ alg: 'XYZ', kid: 'k1' }, { alg: 'XYZ' }]) {
      const error = await refusal(Promise.resolve(cache.keySet(URI, 'id-token')(header, token)));
      expect(error.name).toBe('JOSENotSupported');
    }
    expect(endpoint.requests).toHaveLength(1);
  });

  it('keeps a newer load of another URL shared while an older one finishes, in either order', async () => {
    const NEXT_URI = 'https://idp.example.com/keys-2';
    const [old, next] = await Promise.all([makeKey('old'), makeKey('next')]);
    const gates = new Map<string, () => void>();
    const requests: string[] = [];
    const gated: FetchLike = async (url) => {
      requests.push(url);
      await new Promise<void>((resolve) => gates.set(`${url}#${requests.length}`, resolve));
      return Response.json({ keys: url === URI ? [old.publicJwk] : [next.publicJwk] });
    };
    cache = new JwksCache(clock, TTL_MS, gated);
    const open = async (key: string) => {
      while (!gates.has(key)) await new Promise((resolve) => setTimeout(resolve, 1));
      gates.get(key)!();
    };
    // The older load finishes first: the newer one is still shared.
    const first = verify(await old.sign(), 'id-token', URI);
    const second = verify(await next.sign(), 'id-token', NEXT_URI);
    await open(`${URI}#1`);
    await first;
    const third = verify(await next.sign(), 'id-token', NEXT_URI);
    await open(`${NEXT_URI}#2`);
    await Promise.all([second, third]);
    expect(requests).toEqual([URI, NEXT_URI]);
    // The newer load finishes first: the older one still resolves.
    clock.advance(TTL_MS);
    const older = verify(await old.sign(), 'id-token', URI);
    const newer = verify(await next.sign(), 'id-token', NEXT_URI);
    await open(`${NEXT_URI}#4`);
    await newer;
    await open(`${URI}#3`);
    await expect(older).resolves.toMatchObject({ protectedHeader: { kid: 'old' } });
    expect(requests).toEqual([URI, NEXT_URI, URI, NEXT_URI]);
  });
});
