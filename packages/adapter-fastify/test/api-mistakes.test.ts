import { createIdentityWeb, ErrorCode, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ApiCaller, IdentityWebApi } from '@identity-web/core/api';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import Fastify, { type preHandlerHookHandler, type RouteShorthandOptionsWithHandler } from 'fastify';
import { describe, expect, it } from 'vitest';
import { apiBackChannelLogout, apiSecurityEvents, authErrorHandler, identityWeb, protectApi } from '../src/index.js';

// A newcomer's mistakes with an API on Fastify, each named with its fix: protectApi passed uncalled
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

describe('protectApi and the API routes without their API', () => {
  it('protectApi passed uncalled as a preHandler: each request fails saying to write the call', async () => {
    const app = Fastify();
    app.get('/x', { preHandler: protectApi as unknown as preHandlerHookHandler }, () => 'never');
    const response = await app.inject('/x');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain(
      'protectApi was passed uncalled, so Fastify called it with its request: write { preHandler: protectApi(api, { scopes }) } in the route, with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
    await app.close();
  });

  it('protectApi() without the API throws at once, saying where the API comes from', () => {
    expect(() => (protectApi as (api?: unknown) => unknown)()).toThrow(
      'protectApi() needs the API: protectApi(api) with api = createIdentityWebApi({...}) from @identity-web/core/api',
    );
    expect(() => protectApi('orders' as never)).toThrow('protectApi() needs the API');
  });

  it('apiBackChannelLogout and apiSecurityEvents: the same, at once', () => {
    expect(() => apiBackChannelLogout(undefined as never)).toThrow(
      'apiBackChannelLogout() needs the API: apiBackChannelLogout(api) with api = createIdentityWebApi',
    );
    expect(() => apiSecurityEvents(undefined as never)).toThrow('apiSecurityEvents() needs the API');
    // They return a route's options, which Fastify never calls: passed as a handler, Fastify calls them.
    const route = apiBackChannelLogout as unknown as RouteShorthandOptionsWithHandler['handler'];
    expect(() => route.call(Fastify(), { method: 'POST' } as never, {} as never)).toThrow(
      'apiBackChannelLogout was passed uncalled',
    );
  });
});

describe("an identity-web error of a route behind protectApi, with authErrorHandler(): the API's JSON", () => {
  async function answer(error: Error, options: { plugin?: boolean } = {}) {
    const app = Fastify({ logger: false });
    if (options.plugin) {
      const identity = createIdentityWeb({
        identityProvider: new FakeIdentityProvider(new ManualClock()),
        baseUrl: 'http://localhost:3000',
        secret: 's'.repeat(40),
      });
      app.addHook('onClose', async () => identity.close());
      await app.register(identityWeb, { identity });
    }
    app.setErrorHandler(authErrorHandler());
    app.get('/orders', { preHandler: protectApi(api) }, () => {
      throw error;
    });
    const response = await app.inject({ url: '/orders', headers: { accept: 'text/html' } });
    await app.close();
    return response;
  }

  it('a provider that refuses the on-behalf-of exchange (idp_error): 502 JSON, never its message', async () => {
    const refused = new IdentityWebError(ErrorCode.IdpError, 'token exchange failed: "invalid_target": pass resource');
    for (const plugin of [false, true]) {
      const response = await answer(refused, { plugin });
      expect(response.statusCode).toBe(502);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.json()).toEqual({
        error: 'idp_error',
        error_description: 'Something went wrong. Please try again.',
      }); // a 5xx's details are the server's
    }
  });

  it("a 4xx shows its message; a 503 says when to retry; a user's consent is a 401 JSON, not a sign-in redirect", async () => {
    const bad = await answer(new IdentityWebError(ErrorCode.InvalidRequest, 'the request names no order'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'invalid_request', error_description: 'the request names no order' });
    const down = await answer(new IdentityWebError(ErrorCode.StoreUnavailable, 'redis is down'));
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    const consent = new InteractionRequiredError('consent needed', { scopes: ['billing.read'] });
    for (const plugin of [false, true]) {
      const response = await answer(consent, { plugin });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: 'interaction_required' });
    }
  });
});
