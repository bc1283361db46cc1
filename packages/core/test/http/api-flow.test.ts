import { describe, expect, it } from 'vitest';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import {
  type ApiExchange,
  apiGuardFlow,
  apiRouteFlow,
  type GuardedApi,
  guardedByApi,
} from '../../src/http/api-adapter.js';
import type { HttpRequest, HttpResult } from '../../src/http/types.js';

// The API's per-request protocol, written once for every adapter (`apiGuardFlow`, `apiRouteFlow`),
// driven through a framework of its own: a carrier that records what the flow did to it.

interface Caller {
  readonly subject: string;
}

/** What the fake framework's request carries, and what the flow left on it. */
interface Carrier {
  readonly token: string | undefined;
  written?: HttpResult;
  caller?: Caller;
  headers?: Readonly<Record<string, string>>;
  sent?: boolean;
  kept?: unknown;
  reported: unknown[];
}

const refusal: HttpResult = { status: 401, headers: { 'www-authenticate': 'Bearer' }, cookies: [], body: '{}' };

const api: GuardedApi<string, Caller> = {
  origin: 'https://api.example',
  guard: (requirement) => async (request) => {
    const token = request.header('authorization');
    const verdict: Awaited<ReturnType<ReturnType<GuardedApi<string, Caller>['guard']>>> =
      token === `Bearer ${requirement ?? 'any'}`
        ? { caller: { subject: 'alice' }, headers: { 'dpop-nonce': 'n1' } }
        : { caller: null, answer: refusal };
    return verdict;
  },
  backChannelLogout: async (request) => ({ status: 200, headers: {}, cookies: [], body: request.url.pathname }),
  securityEvents: () => async () => ({ status: 202, headers: {}, cookies: [], body: 'event' }),
};

/** The fake framework: `next` is the route, which may throw or leave an error kept. */
type Route = (carrier: Carrier) => Promise<string>;

const exchange: ApiExchange<Carrier, Route, string, Caller> = {
  calledBy: 'the test called it with its request',
  request: (carrier, origin) =>
    ({
      method: 'GET',
      url: new URL('/orders', origin),
      header: (name: string) => (name === 'authorization' ? carrier.token : undefined),
    }) as unknown as HttpRequest,
  answer(carrier, _route, result) {
    carrier.written = result;
    return 'answered';
  },
  proceed(carrier, route, caller, headers) {
    carrier.caller = caller;
    carrier.headers = headers;
    return route(carrier);
  },
  kept: (carrier) => carrier.kept,
  sent: (carrier) => carrier.sent === true,
  report: (carrier, error) => carrier.reported.push(error),
};

const carrier = (token?: string, sent = false): Carrier => ({ token, sent, reported: [] });
/** Made in each test: what a flow does when it is made is part of what the tests check. */
const guarded: ReturnType<typeof apiGuardFlow<Carrier, Route, string, string, Caller>> = (c, route) =>
  apiGuardFlow(api, 'orders.read', exchange)(c, route);

describe('apiGuardFlow: the guard written once', () => {
  it('writes the refusal, and never reaches the route', async () => {
    const request = carrier('Bearer wrong');
    let reached = false;
    const route = async () => {
      reached = true;
      return 'route';
    };
    expect(await guarded(request, route)).toBe('answered');
    expect({ written: request.written, caller: request.caller, reached }).toEqual({
      written: refusal,
      caller: undefined,
      reached: false,
    });
  });

  it('hands the caller and the headers to the route, and returns what it returns', async () => {
    const request = carrier('Bearer orders.read');
    expect(await guarded(request, async () => 'route')).toBe('route');
    expect(request).toMatchObject({ caller: { subject: 'alice' }, headers: { 'dpop-nonce': 'n1' } });
    expect(request.written).toBeUndefined();
  });

  it('answers an identity-web error the route throws as JSON, and reports only a 5xx', async () => {
    const refused = carrier('Bearer orders.read');
    const consent = new IdentityWebError(ErrorCode.Forbidden, 'no orders for you');
    expect(await guarded(refused, () => Promise.reject(consent))).toBe('answered');
    expect(refused.written?.status).toBe(403);
    expect(JSON.parse(refused.written?.body ?? '')).toEqual({
      error: 'forbidden',
      error_description: 'no orders for you',
    });
    expect(refused.reported).toEqual([]);

    const down = carrier('Bearer orders.read');
    const outage = new IdentityWebError(ErrorCode.StoreUnavailable, 'redis at 10.0.0.5 is down');
    await guarded(down, () => Promise.reject(outage));
    expect(down.written).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(down.written?.body).not.toContain('10.0.0.5');
    expect(down.reported).toEqual([outage]);
  });

  it('passes on any other error, and an identity-web error once the answer has begun', async () => {
    const bug = new TypeError('a bug in the route');
    await expect(guarded(carrier('Bearer orders.read'), () => Promise.reject(bug))).rejects.toBe(bug);
    const late = new IdentityWebError(ErrorCode.StoreUnavailable, 'down after the headers went');
    const streaming = carrier('Bearer orders.read', true);
    await expect(guarded(streaming, () => Promise.reject(late))).rejects.toBe(late);
    expect(streaming.written).toBeUndefined();
  });

  it("passes on an app's error that only looks like identity-web's (http-errors with a code spelt alike)", async () => {
    const own = Object.assign(new Error('no order 7'), {
      name: 'NotFoundError',
      code: 'not_found',
      status: 404,
      expose: true,
    });
    await expect(guarded(carrier('Bearer orders.read'), () => Promise.reject(own))).rejects.toBe(own);
  });

  it('reports by the status its answer carries, as another copy of the core gave it', async () => {
    const copy = (status: number, code: string) =>
      Object.assign(new Error('db at 10.0.0.5 down'), { name: 'IdentityWebError', code, status, expose: status < 500 });
    const hidden = carrier('Bearer orders.read');
    const failure = copy(500, 'invalid_request');
    await guarded(hidden, () => Promise.reject(failure));
    expect(hidden.written?.status).toBe(500);
    expect(hidden.reported).toEqual([failure]);
    const shown = carrier('Bearer orders.read');
    await guarded(shown, () => Promise.reject(copy(400, 'invalid_request')));
    expect({ status: shown.written?.status, reported: shown.reported }).toEqual({ status: 400, reported: [] });
  });

  it("replaces the framework's own answer to a kept identity-web error, and leaves any other", async () => {
    const kept = carrier('Bearer orders.read');
    const outage = new IdentityWebError(ErrorCode.IdpUnavailable, 'the provider is down');
    /** A route whose error the framework keeps, answering it itself. */
    const keeping = (error: unknown) => async (c: Carrier) => {
      c.kept = error;
      return 'onError answered';
    };
    expect(await guarded(kept, keeping(outage))).toBe('answered');
    expect(kept.written?.status).toBe(503);
    // The framework's own error handler had it (Hono's `onError`): its details are not reported again.
    expect(kept.reported).toEqual([]);
    const foreign = carrier('Bearer orders.read');
    expect(await guarded(foreign, keeping(new Error('app')))).toBe('onError answered');
    expect(foreign.written).toBeUndefined();
  });

  it('marks the request it let on, for the error handler after the route, and no other', async () => {
    const on = carrier('Bearer orders.read');
    await guarded(on, async () => 'route');
    expect(guardedByApi(on)).toBe(exchange);
    const refused = carrier('Bearer nothing');
    await guarded(refused, async () => 'route');
    expect(guardedByApi(refused)).toBeUndefined();
  });

  it('refuses, at once, a call without the API, and one passed uncalled', () => {
    expect(() => apiGuardFlow(undefined as never, 'x', exchange)).toThrow(/protectApi\(\) needs the API/);
    const request = { method: 'GET' } as unknown as GuardedApi<string, Caller>;
    expect(() => apiGuardFlow(request, 'x', exchange)).toThrow(
      /protectApi was passed uncalled, so the test called it with its request: write protectApi\(api, \{ scopes \}\)/,
    );
  });
});

describe('apiGuardFlow: an API made by a factory, and an exchange with no hooks of its own', () => {
  it('makes the API at the first request, not before, and again at the next one when that failed', async () => {
    let made = 0;
    let failing = true;
    const factory = () => {
      made++;
      if (failing) throw new Error('the environment is not read yet');
      return api;
    };
    const flow = apiGuardFlow(factory, 'orders.read', exchange);
    expect(made).toBe(0);
    await expect(flow(carrier('Bearer orders.read'), async () => 'route')).rejects.toThrow('not read yet');
    failing = false;
    expect(await flow(carrier('Bearer orders.read'), async () => 'route')).toBe('route');
    expect(await flow(carrier('Bearer orders.read'), async () => 'route')).toBe('route');
    expect(made).toBe(2);
  });

  it('refuses, at the first request, a factory that makes no API', async () => {
    const flow = apiGuardFlow(() => ({}) as never, 'orders.read', exchange);
    await expect(flow(carrier(), async () => 'route')).rejects.toThrow(/protectApi\(\) needs the API/);
  });

  it('answers a route’s outage without sent, kept or report', async () => {
    const { kept: _kept, sent: _sent, report: _report, ...bare } = exchange;
    const request = carrier('Bearer orders.read');
    const outage = new IdentityWebError(ErrorCode.StoreUnavailable, 'down');
    expect(await apiGuardFlow(api, 'orders.read', bare)(request, () => Promise.reject(outage))).toBe('answered');
    expect(request.written?.status).toBe(503);
    expect(request.reported).toEqual([]);
    // A route that answers: nothing kept to look for.
    expect(await apiGuardFlow(api, 'orders.read', bare)(carrier('Bearer orders.read'), async () => 'route')).toBe(
      'route',
    );
  });
});

describe('apiRouteFlow: the API routes written once', () => {
  it("answers a back-channel logout and a security event with the API's answer", async () => {
    const logout = carrier();
    await apiRouteFlow(api, 'apiBackChannelLogout', exchange)(logout, async () => 'route');
    expect(logout.written).toMatchObject({ status: 200, body: '/orders' });
    const event = carrier();
    await apiRouteFlow(api, 'apiSecurityEvents', exchange)(event, async () => 'route');
    expect(event.written).toMatchObject({ status: 202, body: 'event' });
  });

  it('refuses, at once, a route without the API', () => {
    expect(() => apiRouteFlow(null as never, 'apiSecurityEvents', exchange)).toThrow(
      /apiSecurityEvents\(\) needs the API/,
    );
  });

  it('names the fix for a route passed uncalled (a request, or a context holding one), on the api argument', () => {
    for (const request of [{ method: 'POST' }, { req: {} }]) {
      let thrown: unknown;
      try {
        apiRouteFlow(request as never, 'apiBackChannelLogout', exchange);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IdentityWebError);
      expect(thrown).toMatchObject({
        code: ErrorCode.InvalidArgument,
        option: 'api',
        message:
          'apiBackChannelLogout was passed uncalled, so the test called it with its request: write apiBackChannelLogout(api) in the route, with api = createIdentityWebApi({...}) from @identity-web/core/api',
      });
    }
  });
});
