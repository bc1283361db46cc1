// A token the API verified before, checked against stores in this process's memory, is decided at
// once: no promise between the request and the route. Stores that answer with a promise, of any
// library, are waited for; a store that fails, at once or later, is the memory's outage (503).

import type { HttpRequest } from '@identity-web/core/adapter';
import { createIdentityWebApi, type IdentityWebApi } from '@identity-web/core/api';
import type { ReplayCache } from '@identity-web/core/store';
import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { anyTruthy } from '../../src/domain/maybe-promise.js';
import { type ApiExchange, apiGuardFlow } from '../../src/http/api-adapter.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { exchangingProvider } from '../../src/testing/api-exchange.js';
import { API_AUDIENCE, ApiTokenIssuer } from '../../src/testing/api-token-issuer.js';

const clock = { now: () => Date.now() };

function request(headers: Record<string, string>, body?: string): HttpRequest {
  return {
    method: body === undefined ? 'GET' : 'POST',
    url: new URL(body === undefined ? 'https://api.test/orders' : 'https://api.test/back-channel-logout'),
    header: (name: string) =>
      name === 'content-type' && body !== undefined ? 'application/x-www-form-urlencoded' : headers[name],
    readText: async () => body ?? '',
  } as unknown as HttpRequest;
}

const bearer = (token: string) => request({ authorization: `Bearer ${token}` });

const isThenable = (value: unknown) => typeof (value as { then?: unknown } | null)?.then === 'function';

let issuer: ApiTokenIssuer;

beforeEach(async () => {
  issuer = await ApiTokenIssuer.create(() => Date.now());
});

function newApi(replayCache?: ReplayCache): IdentityWebApi {
  return createIdentityWebApi({
    identityProvider: exchangingProvider(issuer).provider,
    audience: API_AUDIENCE,
    baseUrl: 'https://api.test',
    ...(replayCache !== undefined && { stores: { replayCache } }),
  });
}

async function logout(api: IdentityWebApi, claims: Record<string, unknown>): Promise<void> {
  const body = new URLSearchParams({ logout_token: await issuer.logoutToken(claims) }).toString();
  expect((await api.backChannelLogout(request({}, body))).status).toBe(200);
}

/** A replay cache kept elsewhere (not this process's memory class), answering `has` as `answer` makes it. */
function elsewhere(answer: (found: boolean) => unknown): ReplayCache & { has: (key: string) => unknown } {
  const memory = new MemoryReplayCache(clock);
  return {
    has: (key: string) => answer(memory.has(key)),
    putIfAbsent: (key, ttl) => memory.putIfAbsent(key, ttl),
  } as ReplayCache & { has: (key: string) => unknown };
}

describe("the API's check of a token it verified before", () => {
  it('decides at once with the in-memory stores, and refuses at once once the session has ended', async () => {
    const api = newApi();
    const guard = api.guard({ scopes: ['orders.read'] });
    const token = await issuer.token({ sid: 'session-1', scp: 'orders.read' });
    const first = guard(bearer(token));
    expect(isThenable(first)).toBe(true); // verified: its signature, against the provider's keys
    expect((await first).caller).not.toBeNull();
    const again = guard(bearer(token));
    expect(isThenable(again)).toBe(false);
    expect(again).toMatchObject({ caller: { subject: 'alice', token } });
    await logout(api, { sid: 'session-1', sub: 'alice' });
    const ended = guard(bearer(token));
    expect(isThenable(ended)).toBe(false);
    expect(ended).toMatchObject({ caller: null, answer: { status: 401 } });
    expect((ended as { answer: { headers: Record<string, string> } }).answer.headers['www-authenticate']).toContain(
      'session has ended',
    );
  });

  it('refuses at once a user who signed out everywhere, and still checks the requirement at once', async () => {
    const api = newApi();
    const token = await issuer.token({ scp: 'orders.read' });
    await api.guard()(bearer(token));
    expect(api.guard({ scopes: ['orders.write'] })(bearer(token))).toMatchObject({ answer: { status: 403 } });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the logout after the token's second
    await logout(api, { sub: 'alice' });
    expect(api.guard()(bearer(token))).toMatchObject({ caller: null, answer: { status: 401 } });
  });

  it('decides at once on an opaque token whose introspection answer it remembers', async () => {
    let now = Date.now();
    const asked: string[] = [];
    const api = createIdentityWebApi({
      identityProvider: {
        ...issuer.provider,
        introspectAccessToken: async (token: string) => {
          asked.push(token);
          const exp = Math.floor(now / 1000) + 120;
          return { active: true, client_id: 'web-app', sub: 'alice', aud: API_AUDIENCE, scope: 'orders.read', exp };
        },
      },
      audience: API_AUDIENCE,
      baseUrl: 'https://api.test',
      introspection: true,
      clock: { now: () => now },
    });
    const guard = api.guard({ scopes: ['orders.read'] });
    const opaque = 'an-opaque-token-of-the-provider';
    const first = guard(bearer(opaque));
    expect(isThenable(first)).toBe(true); // asked of the provider
    expect((await first).caller).not.toBeNull();
    const again = guard(bearer(opaque));
    expect(isThenable(again)).toBe(false);
    expect(again).toMatchObject({ caller: { subject: 'alice', token: opaque } });
    expect(asked).toEqual([opaque]);
    now += 10 * 60_000; // past its `exp`: forgotten, so asked again
    expect(isThenable(guard(bearer(opaque)))).toBe(true);
  });

  it("waits for a store's promise of any library: a thenable's answer is read, never the thenable", async () => {
    // A promise-like of another library: it must be waited for, not taken for an answer (it is truthy).
    // biome-ignore lint/suspicious/noThenProperty: a promise-like of another library is what is tested
    const thenable = (found: boolean) => ({ then: (resolve: (value: boolean) => void) => resolve(found) });
    const api = newApi(elsewhere(thenable));
    const [kept, ended] = [await issuer.token({ sid: 'kept' }), await issuer.token({ sid: 'ended' })];
    await api.guard()(bearer(kept));
    const verdict = api.guard()(bearer(kept));
    expect(isThenable(verdict)).toBe(true);
    expect((await verdict).caller).not.toBeNull();
    await logout(api, { sid: 'ended', sub: 'alice' });
    expect(await api.guard()(bearer(ended))).toMatchObject({ caller: null, answer: { status: 401 } });
    expect((await api.guard()(bearer(kept))).caller).not.toBeNull();
  });

  it('counts an answer that is no boolean but truthy as a sign-out found: a store that misanswers refuses', async () => {
    const api = newApi(elsewhere((found) => (found ? 1 : 0)));
    const [kept, ended] = [await issuer.token({ sid: 'kept' }), await issuer.token({ sid: 'ended' })];
    await logout(api, { sid: 'ended', sub: 'bob' });
    expect((await api.guard()(bearer(kept))).caller).not.toBeNull();
    expect(await api.guard()(bearer(ended))).toMatchObject({ caller: null, answer: { status: 401 } });
    const yes = newApi(elsewhere(() => 'yes'));
    expect(await yes.guard()(bearer(kept))).toMatchObject({ caller: null, answer: { status: 401 } });
  });

  it("rejects, never throws, when the request cannot be read: the guard's failures all come as a promise", async () => {
    const api = newApi();
    const unreadable = {
      ...bearer('any'),
      header: () => {
        throw new Error('the framework failed');
      },
    } as HttpRequest;
    let verdict: unknown;
    expect(() => {
      verdict = api.guard()(unreadable);
    }).not.toThrow();
    await expect(verdict).rejects.toThrow('the framework failed');
  });

  it('answers 503 when the memory of sign-outs throws at once, as when it rejects', async () => {
    const token = await issuer.token({ sid: 'session-1' });
    for (const down of [
      () => {
        throw new Error('down');
      },
      () => Promise.reject(new Error('down')),
    ]) {
      const api = newApi(elsewhere(down));
      expect(await api.guard()(bearer(token))).toMatchObject({ caller: null, answer: { status: 503 } });
    }
  });

  it('leaves no lookup behind unhandled when one rejects later and another throws at once', async () => {
    const token = await issuer.token({ sid: 'session-1' });
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      const api = newApi({
        has: (key) => {
          if (key.startsWith('api-ended-session')) return Promise.reject(new Error('down later'));
          throw new Error('down now');
        },
        putIfAbsent: async () => true,
      });
      expect(await api.guard()(bearer(token))).toMatchObject({ caller: null, answer: { status: 503 } });
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('unhandledRejection', note);
    }
    expect(unhandled).toEqual([]);
  });
});

describe('apiGuardFlow with a verdict given at once', () => {
  interface Carrier {
    routed: boolean;
  }
  const exchange: ApiExchange<Carrier, () => void, string, object> = {
    calledBy: 'the test called it with its request',
    request: () => request({}),
    answer: () => 'answered',
    proceed(carrier, route) {
      carrier.routed = true;
      route();
      return 'routed';
    },
  };
  const atOnce = {
    origin: 'https://api.test',
    guard: () => () => ({ caller: { subject: 'alice' }, headers: {} }),
    backChannelLogout: () => Promise.reject(new Error('unused')),
    securityEvents: () => () => Promise.reject(new Error('unused')),
  };

  it('calls the route within the call, and gives one promise of what the framework returned', async () => {
    const carrier: Carrier = { routed: false };
    let routes = 0;
    const done = apiGuardFlow(atOnce, undefined, exchange)(carrier, () => routes++);
    expect(carrier.routed).toBe(true);
    expect(routes).toBe(1);
    expect(await done).toBe('routed');
  });

  it('answers an identity-web error the framework throws at once on proceeding, as one a route rejects with', async () => {
    const throwing: typeof exchange = {
      ...exchange,
      proceed() {
        throw new IdentityWebError(ErrorCode.Forbidden, 'no orders for you');
      },
      answer: (_carrier, _route, result) => `answered ${result.status}`,
    };
    expect(await apiGuardFlow(atOnce, undefined, throwing)({ routed: false }, () => {})).toBe('answered 403');
    const other = { ...throwing, proceed: () => Promise.reject(new IdentityWebError(ErrorCode.Forbidden, 'no')) };
    expect(await apiGuardFlow(atOnce, undefined, other)({ routed: false }, () => {})).toBe('answered 403');
  });

  it('answers an identity-web error the framework kept when the route returned at once', async () => {
    const keeping: ApiExchange<Carrier & { kept?: unknown }, () => void, string, object> = {
      ...exchange,
      proceed(carrier) {
        carrier.kept = new IdentityWebError(ErrorCode.Forbidden, 'kept by the framework');
        return 'routed';
      },
      kept: (carrier) => carrier.kept,
      answer: (_carrier, _route, result) => `answered ${result.status}`,
    };
    expect(await apiGuardFlow(atOnce, undefined, keeping)({ routed: false }, () => {})).toBe('answered 403');
  });

  it("rejects, never throws, when the guard's check throws at once", async () => {
    const throwing = {
      ...atOnce,
      guard: () => () => {
        throw new Error('a bug');
      },
    };
    const done = apiGuardFlow(throwing, undefined, exchange)({ routed: false }, () => {});
    await expect(done).rejects.toThrow('a bug');
  });
});

describe('anyTruthy: whether a store found any of the keys asked', () => {
  it('answers at once when no answer is a promise, else once every one settles', async () => {
    expect(anyTruthy([false, false])).toBe(false);
    expect(anyTruthy([false, true])).toBe(true);
    expect(await anyTruthy([false, Promise.resolve(false)])).toBe(false);
    expect(await anyTruthy([Promise.resolve(false), Promise.resolve(true)])).toBe(true);
    expect(await anyTruthy([true, Promise.resolve(false)])).toBe(true);
    await expect(anyTruthy([false, Promise.reject(new Error('down'))])).rejects.toThrow('down');
    // Truthy, not `true` only, however the answer comes: a store that misanswers refuses.
    expect(anyTruthy([0, 1])).toBe(true);
    expect(await anyTruthy([Promise.resolve(0), Promise.resolve('yes')])).toBe(true);
    expect(await anyTruthy([Promise.resolve(0), Promise.resolve(undefined)])).toBe(false);
  });
});
