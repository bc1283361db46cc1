import { ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ApiCaller, IdentityWebApi } from '@identity-web/core/api';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { describe, expect, it } from 'vitest';
import { type ApiState, apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';
import { serve } from './support/app.js';

// A newcomer's mistakes with an API on Koa, each named with its fix: protectApi mounted uncalled
// or called without the API, and an API route's identity-web error answered as JSON.

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

/** The app's answer to `GET /x`, and the errors it emitted (Koa's 'error' event). */
async function request(app: Koa, headers: Record<string, string> = {}) {
  const emitted: unknown[] = [];
  app.silent = true;
  app.on('error', (error: unknown) => emitted.push(error));
  const served = await serve(app);
  try {
    const response = await served.fetch('/x', { headers, signal: AbortSignal.timeout(5000) });
    return { response, body: await response.text(), emitted };
  } finally {
    await served.close();
  }
}

/** A Koa app with `GET /x` on a router: `middleware`, then `handler`. */
function routed(middleware: Middleware<ApiState>, handler: Middleware<ApiState>): Koa {
  const router = new Router<ApiState>();
  router.get('/x', middleware, handler);
  return new Koa().use(router.routes() as Middleware);
}

describe('protectApi and the API routes without their API', () => {
  it('protectApi passed uncalled: each request fails saying to write protectApi(api, { scopes })', async () => {
    const app = routed(protectApi as unknown as Middleware<ApiState>, (ctx) => {
      ctx.body = 'never';
    });
    const { response, emitted } = await request(app);
    expect(response.status).toBe(500);
    expect(emitted[0]).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining(
        'protectApi was passed uncalled, so Koa called it with its context: write protectApi(api, { scopes }) in the route, with api = createIdentityWebApi({...}) from @identity-web/core/api',
      ),
    });
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
      const app = new Koa().use(route as unknown as Middleware);
      const { emitted } = await request(app);
      expect(emitted[0]).toMatchObject({ message: expect.stringContaining(`${name} was passed uncalled`) });
      expect(emitted[0]).toMatchObject({ message: expect.stringContaining(`write ${name}(api) in the route`) });
    }
  });
});

describe("an identity-web error of a route behind protectApi: the API's JSON", () => {
  const answer = (error: Error) =>
    request(
      routed(protectApi(api), () => {
        throw error;
      }),
      { accept: 'text/html' },
    );

  it('a provider that refuses the on-behalf-of exchange (idp_error): 502 JSON, the details emitted', async () => {
    const refused = new IdentityWebError(ErrorCode.IdpError, 'token exchange failed: "invalid_target": pass resource');
    const { response, body, emitted } = await answer(refused);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(JSON.parse(body)).toEqual({
      error: 'idp_error',
      error_description: 'Something went wrong. Please try again.',
    }); // a 5xx's details are the server's
    expect(emitted).toEqual([refused]);
  });

  it("a 4xx shows its message; a 503 says when to retry; a user's consent is a 401 JSON", async () => {
    const bad = await answer(new IdentityWebError(ErrorCode.InvalidRequest, 'the request names no order'));
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'invalid_request', error_description: 'the request names no order' });
    expect(bad.emitted).toEqual([]);
    const down = await answer(new IdentityWebError(ErrorCode.StoreUnavailable, 'redis is down'));
    expect(down.response.status).toBe(503);
    expect(down.response.headers.get('retry-after')).toBe('5');
    const consent = await answer(new InteractionRequiredError('consent needed', { scopes: ['billing.read'] }));
    expect(consent.response.status).toBe(401);
    expect(JSON.parse(consent.body)).toMatchObject({ error: 'interaction_required' });
  });

  it("an app's own error still goes on to Koa's error handling", async () => {
    const { response, emitted } = await answer(new Error('a bug'));
    expect(response.status).toBe(500);
    expect(emitted).toHaveLength(1);
  });
});
