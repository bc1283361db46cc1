import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/domain/error-codes.js';
import { IdentityWebError } from '../../src/domain/errors.js';
import { fetchKeySet, unusableKeySet } from '../../src/key-set/fetch-key-set.js';
import type { FetchLike } from '../../src/ports/fetch.port.js';

// One GET of a key set and how each failure is typed: down (idp_unavailable, 503) or unusable (idp_error, 502).
const URI = 'https://idp.example.com/jwks';

function failing(error: unknown): FetchLike {
  return async () => {
    throw error;
  };
}

async function refusal(promise: Promise<unknown>): Promise<IdentityWebError> {
  return promise.then(
    () => expect.unreachable('expected a refusal'),
    (error: unknown) => error as IdentityWebError,
  );
}

describe('fetchKeySet', () => {
  it('returns the parsed JSON of a 200, asked for with GET, JSON accepted and no redirect followed', async () => {
    const asked: RequestInit[] = [];
    const fetch: FetchLike = async (url, init) => {
      expect(url).toBe(URI);
      asked.push(init);
      return Response.json({ keys: [{ kty: 'EC' }] });
    };
    expect(await fetchKeySet(fetch, URI)).toEqual({ keys: [{ kty: 'EC' }] });
    expect(asked).toEqual([{ method: 'GET', redirect: 'manual', headers: { accept: 'application/json' } }]);
  });

  it('passes an error the bounded fetch already typed (its timeout) through as it is', async () => {
    const timeout = new IdentityWebError(ErrorCode.IdpUnavailable, 'the request timed out');
    expect(await refusal(fetchKeySet(failing(timeout), URI))).toBe(timeout);
  });

  it('is idp_unavailable when nothing answered, keeping only the error’s name as the cause', async () => {
    const cases: [unknown, string][] = [
      [new TypeError('fetch failed: connect ECONNREFUSED 10.0.0.1:443'), 'TypeError'],
      [new DOMException('aborted', 'AbortError'), 'AbortError'],
      ['a string', 'string'],
    ];
    for (const [thrown, name] of cases) {
      const error = await refusal(fetchKeySet(failing(thrown), URI));
      expect(error).toMatchObject({
        code: 'idp_unavailable',
        status: 503,
        message: `could not reach the JWKS endpoint ${URI}`,
      });
      expect(error.cause).toEqual({ name });
    }
  });

  it('is idp_unavailable when the body cannot be read', async () => {
    const fetch: FetchLike = async () =>
      ({ status: 200, text: () => Promise.reject(new TypeError('terminated')) }) as unknown as Response;
    expect(await refusal(fetchKeySet(fetch, URI))).toMatchObject({
      code: 'idp_unavailable',
      cause: { name: 'TypeError' },
    });
  });

  it('types any status but 200 by the provider-failure rule, naming it in the message', async () => {
    for (const [status, code] of [
      [201, 'idp_error'],
      [302, 'idp_error'],
      [404, 'idp_error'],
      [429, 'idp_unavailable'],
      [503, 'idp_unavailable'],
    ] as const) {
      const fetch: FetchLike = async () => Response.json({ keys: [] }, { status });
      expect(await refusal(fetchKeySet(fetch, URI))).toMatchObject({
        code,
        message: `the JWKS endpoint ${URI} answered HTTP ${status}`,
      });
    }
  });

  it('is idp_error for a 200 whose body is not JSON', async () => {
    const fetch: FetchLike = async () => new Response('<html>oops</html>', { status: 200 });
    expect(await refusal(fetchKeySet(fetch, URI))).toMatchObject({
      code: 'idp_error',
      status: 502,
      message: `the JWKS endpoint ${URI} answered an unusable key set`,
    });
    expect(unusableKeySet(URI)).toMatchObject({
      code: 'idp_error',
      message: `the JWKS endpoint ${URI} answered an unusable key set`,
    });
  });
});
