import { ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ApiCaller, IdentityWebApi } from '@identity-web/core/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';

// A newcomer's mistakes with an API on Next.js, each named with its fix: protectApi exported
// uncalled or called without the API, and an API route's identity-web error answered as JSON.
afterEach(() => {
  vi.restoreAllMocks();
});

/** An API whose guard lets every request on as alice: what the adapter reads of one. */
const api: IdentityWebApi = {
  origin: 'https://api.test',
  guard: () => async () => ({ caller: { subject: 'alice' } as ApiCaller, headers: {} }),
  acquireTokenOnBehalfOf: async () => {
    throw new Error('not in these tests');
  },
  backChannelLogout: async () => ({ status: 200, headers: {}, cookies: [], body: null }),
  securityEvents: () => async () => ({ status: 202, headers: {}, cookies: [], body: null }),
};

const request = () => new Request('https://api.test/orders', { headers: { accept: 'text/html' } });
/** A route module's export, called as Next.js calls it. */
type Exported = (request: Request, context: { params: Promise<object> }) => unknown;

describe('protectApi and the API routes without their API', () => {
  it('protectApi exported uncalled (passed uncalled): each request fails saying to write the call', () => {
    const GET = protectApi as unknown as Exported;
    expect(() => GET(request(), { params: Promise.resolve({}) })).toThrow(
      'protectApi was passed uncalled, so Next.js called it with its request: write export const GET = protectApi(api, { scopes }, handler) (api, or a function that returns it), with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
  });

  it('protectApi() without the API throws at once; a factory that makes none, at the first request', async () => {
    expect(() => (protectApi as (api?: unknown) => unknown)()).toThrow(
      'protectApi() needs the API: protectApi(api) with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
    const GET = protectApi(
      () => undefined as never,
      undefined,
      async () => Response.json({}),
    );
    await expect(GET(request(), {})).rejects.toThrow('protectApi() needs the API');
  });

  it('apiBackChannelLogout and apiSecurityEvents: the same, at once or per request', () => {
    expect(() => apiBackChannelLogout(undefined as never)).toThrow(
      'apiBackChannelLogout() needs the API: apiBackChannelLogout(api) with api = createIdentityWebApi',
    );
    expect(() => apiSecurityEvents(undefined as never)).toThrow('apiSecurityEvents() needs the API');
    for (const [name, route] of Object.entries({ apiBackChannelLogout, apiSecurityEvents })) {
      expect(() => (route as unknown as Exported)(request(), { params: Promise.resolve({}) })).toThrow(
        `${name} was passed uncalled, so Next.js called it with its request: write export const POST = ${name}(api) (api, or a function that returns it)`,
      );
    }
  });
});

describe("an identity-web error of a handler behind protectApi: the API's JSON", () => {
  async function answer(error: Error) {
    const GET = protectApi(api, undefined, () => {
      throw error;
    });
    const response = await GET(request(), {});
    return { response, body: await response.text() };
  }

  it('a provider that refuses the on-behalf-of exchange (idp_error): 502 JSON, the details logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const refused = new IdentityWebError(ErrorCode.IdpError, 'token exchange failed: "invalid_target": pass resource');
    const { response, body } = await answer(refused);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(body)).toEqual({
      error: 'idp_error',
      error_description: 'Something went wrong. Please try again.',
    }); // a 5xx's details are the server's
    expect(log).toHaveBeenCalledWith(refused);
  });

  it("a 4xx shows its message; a 503 says when to retry; a user's consent is a 401 JSON", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bad = await answer(new IdentityWebError(ErrorCode.InvalidRequest, 'the request names no order'));
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'invalid_request', error_description: 'the request names no order' });
    const down = await answer(new IdentityWebError(ErrorCode.StoreUnavailable, 'redis is down'));
    expect(down.response.status).toBe(503);
    expect(down.response.headers.get('retry-after')).toBe('5');
    const consent = await answer(new InteractionRequiredError('consent needed', { scopes: ['billing.read'] }));
    expect(consent.response.status).toBe(401);
    expect(JSON.parse(consent.body)).toMatchObject({ error: 'interaction_required' });
  });

  it("an app's own error still goes on to Next.js", async () => {
    await expect(answer(new Error('a bug'))).rejects.toThrow('a bug');
  });
});
