import { ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ApiCaller, IdentityWebApi } from '@identity-web/core/api';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiBackChannelLogout, apiSecurityEvents, authErrorHandler, protectApi } from '../src/index.js';
import { serveNode } from './support/app.js';

// A newcomer's mistakes with an API on Express, each named with its fix: protectApi mounted
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

/** What reaches the app's own error handler, answered 500. */
async function firstError(build: (app: express.Express) => void): Promise<unknown> {
  const app = express();
  let caught: unknown;
  build(app);
  app.use(((error, _req, res, _next) => {
    caught = error;
    res.status(500).end();
  }) as ErrorRequestHandler);
  const served = await serveNode(app);
  try {
    expect((await served.fetch('/x', { signal: AbortSignal.timeout(5000) })).status).toBe(500);
    return caught;
  } finally {
    await served.close();
  }
}

describe('protectApi and the API routes without their API', () => {
  it('protectApi passed uncalled: each request fails saying to write protectApi(api, { scopes })', async () => {
    const error = await firstError((app) =>
      app.get('/x', protectApi as unknown as RequestHandler, (_req, res) => {
        res.send('never');
      }),
    );
    expect(error).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining(
        'protectApi was passed uncalled, so Express called it with its request: write protectApi(api, { scopes }) in the route, with api = createIdentityWebApi({...}) from @identity-web/core/api',
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
      const error = await firstError((app) => app.get('/x', route as unknown as RequestHandler));
      expect(error).toMatchObject({ message: expect.stringContaining(`${name} was passed uncalled`) });
      expect(error).toMatchObject({ message: expect.stringContaining(`write ${name}(api) in the route`) });
    }
  });
});

describe("an identity-web error of a route behind protectApi, with authErrorHandler(): the API's JSON", () => {
  async function answer(error: Error, withAuthErrorHandler = true) {
    const app = express();
    app.get('/orders', protectApi(api), () => {
      throw error;
    });
    if (withAuthErrorHandler) app.use(authErrorHandler());
    const served = await serveNode(app);
    try {
      const response = await served.fetch('/orders', { headers: { accept: 'text/html' } });
      return { response, body: await response.text() };
    } finally {
      await served.close();
    }
  }

  it('a provider that refuses the on-behalf-of exchange (idp_error): 502 JSON, no page, the details logged', async () => {
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

  it("a 4xx shows its message; a 503 says when to retry; a user's consent is a 401, not a sign-in redirect", async () => {
    const bad = await answer(new IdentityWebError(ErrorCode.InvalidRequest, 'the request names no order'));
    expect(bad.response.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'invalid_request', error_description: 'the request names no order' });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const down = await answer(new IdentityWebError(ErrorCode.StoreUnavailable, 'redis is down'));
    expect(down.response.status).toBe(503);
    expect(down.response.headers.get('retry-after')).toBe('5');
    const consent = await answer(new InteractionRequiredError('consent needed', { scopes: ['billing.read'] }));
    expect(consent.response.status).toBe(401);
    expect(JSON.parse(consent.body)).toMatchObject({ error: 'interaction_required' });
  });

  it("an app's own error still goes on to the next error handler", async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { response } = await answer(new Error('a bug'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

describe('protectApi on the response it is given', () => {
  it('writes a refusal and the nonce header on `res`, without Express to set `req.res` (a plain Node server)', async () => {
    const refusing: IdentityWebApi = {
      ...api,
      guard: () => async (request) =>
        request.header('authorization') === 'Bearer good'
          ? { caller: { subject: 'alice' } as ApiCaller, headers: { 'dpop-nonce': 'n1' } }
          : {
              caller: null,
              answer: { status: 401, headers: { 'www-authenticate': 'Bearer' }, cookies: [], body: '{}' },
            },
    };
    const guard = protectApi(refusing);
    const served = await serveNode((req, res) => {
      guard(req as never, res as never, () => {
        res.end('on');
      });
    });
    try {
      const refused = await served.fetch('/x', { signal: AbortSignal.timeout(5000) });
      expect({ status: refused.status, challenge: refused.headers.get('www-authenticate') }).toEqual({
        status: 401,
        challenge: 'Bearer',
      });
      const on = await served.fetch('/x', {
        headers: { authorization: 'Bearer good' },
        signal: AbortSignal.timeout(5000),
      });
      expect({ status: on.status, nonce: on.headers.get('dpop-nonce'), body: await on.text() }).toEqual({
        status: 200,
        nonce: 'n1',
        body: 'on',
      });
    } finally {
      await served.close();
    }
  });
});
