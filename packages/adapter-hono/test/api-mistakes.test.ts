import { ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ApiCaller, IdentityWebApi } from '@identity-web/core/api';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ApiEnv, apiBackChannelLogout, apiSecurityEvents, authErrorHandler, protectApi } from '../src/index.js';

// A newcomer's mistakes with an API on Hono, each named with its fix: protectApi mounted uncalled
// or called without the API, and an API route's identity-web error answered as JSON.
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

/** What Hono's default error handling logs for `GET /x`, answered 500. */
async function logged(app: Hono): Promise<string> {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const response = await app.request('/x');
  expect(response.status).toBe(500);
  return log.mock.calls.map((call) => String(call[0])).join('\n');
}

describe('protectApi and the API routes without their API', () => {
  it('protectApi passed uncalled: each request fails saying to write protectApi(api, { scopes })', async () => {
    const app = new Hono();
    app.get('/x', protectApi as unknown as MiddlewareHandler, (c) => c.text('never'));
    expect(await logged(app)).toContain(
      'protectApi was passed uncalled, so Hono called it with its context: write protectApi(api, { scopes }) in the route, with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
  });

  it('protectApi() without the API throws at once, saying where the API comes from', () => {
    expect(() => (protectApi as (api?: unknown) => unknown)()).toThrow(
      'protectApi() needs the API: protectApi(api) with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
    expect(() => protectApi('orders' as never)).toThrow('protectApi() needs the API');
  });

  it('apiBackChannelLogout and apiSecurityEvents: the same, at once or per request', async () => {
    expect(() => apiBackChannelLogout(undefined as never)).toThrow(
      'apiBackChannelLogout() needs the API: apiBackChannelLogout(api) with api = createIdentityWebApi',
    );
    expect(() => apiSecurityEvents(undefined as never)).toThrow('apiSecurityEvents() needs the API');
    for (const [name, route] of Object.entries({ apiBackChannelLogout, apiSecurityEvents })) {
      const app = new Hono();
      app.get('/x', route as unknown as MiddlewareHandler);
      const log = await logged(app);
      expect(log).toContain(`${name} was passed uncalled`);
      expect(log).toContain(`write ${name}(api) in the route`);
      vi.restoreAllMocks();
    }
  });
});

describe("an identity-web error of a route behind protectApi: the API's JSON", () => {
  async function answer(error: Error) {
    const app = new Hono<ApiEnv>();
    app.get('/orders', protectApi(api), () => {
      throw error;
    });
    const response = await app.request('/orders', { headers: { accept: 'text/html' } });
    return { response, body: await response.text() };
  }

  it('a provider that refuses the on-behalf-of exchange (idp_error): 502 JSON, the details logged by onError', async () => {
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
    // Once: by Hono's own onError, which had the error before the guard answered it.
    expect(log.mock.calls).toEqual([[refused]]);
  });

  it("with authErrorHandler(fallback): the API's JSON before the fallback sees it, the details logged once", async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const fallback = vi.fn((_err: Error, c: Context) => c.text('fallback', 500));
    const refused = new IdentityWebError(ErrorCode.IdpError, 'token exchange failed');
    const app = new Hono<ApiEnv>();
    app.onError(authErrorHandler(fallback));
    app.get('/orders', protectApi(api), () => {
      throw refused;
    });
    app.get('/bug', protectApi(api), () => {
      throw new Error('a bug');
    });
    const response = await app.request('/orders', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: 'idp_error',
      error_description: 'Something went wrong. Please try again.',
    });
    expect(fallback).not.toHaveBeenCalled();
    expect(log.mock.calls).toEqual([[refused]]);
    // An app's own error still goes to the fallback.
    expect(await (await app.request('/bug')).text()).toBe('fallback');
    expect(fallback).toHaveBeenCalledTimes(1);
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

  it("an app's own error keeps onError's answer, one shaped like identity-web's included", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { response, body } = await answer(new Error('a bug'));
    expect(response.status).toBe(500);
    expect(body).toBe('Internal Server Error');
    // An http-errors error whose code is spelt like one of identity-web's is the app's.
    const own = Object.assign(new Error('no order 7'), { name: 'NotFoundError', status: 404, expose: true });
    const notFound = await answer(Object.assign(own, { code: 'not_found' }));
    expect({ status: notFound.response.status, body: notFound.body }).toEqual({
      status: 500,
      body: 'Internal Server Error',
    });
  });

  it('keeps the headers a middleware after it added to the answer, once the error is answered', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const app = new Hono<ApiEnv>();
    app.use('/orders', protectApi(api));
    app.use('/orders', async (c, next) => {
      await next();
      c.header('x-response-time', '3ms');
      c.header('set-cookie', 'visit=1; Path=/', { append: true });
    });
    app.get('/orders', () => {
      throw new IdentityWebError(ErrorCode.IdpError, 'token exchange failed');
    });
    const response = await app.request('/orders');
    expect(response.status).toBe(502);
    expect(response.headers.get('x-response-time')).toBe('3ms');
    expect(response.headers.get('set-cookie')).toBe('visit=1; Path=/');
  });
});
