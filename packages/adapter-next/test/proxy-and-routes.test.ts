// The proxy and the route handlers in process, as Next.js calls them (a Fetch request in, a
// Response out): the paths the proxy guards, what it tells a render, what it answers, and what
// the route handlers do when the instance cannot be made. The same code under `next start`:
// examples/next-web-app's tests.
import { systemClock } from '@identity-web/core/provider';
import { MemorySessionStore, type SessionStore } from '@identity-web/core/store';
import { createScenarioWorld, SCENARIO_BASE_URL, type ScenarioWorld } from '@identity-web/core/testing';
import { apiBackChannelLogout, apiSecurityEvents, nextIdentityWeb, protectApi } from '@identity-web/next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scenarioApp } from './scenario-app.js';

let world: ScenarioWorld;
let worlds = 0;

beforeEach(async () => {
  world = await createScenarioWorld(scenarioApp);
});
afterEach(async () => {
  await world.close();
});

/** The proxy of the world's instance, guarding `protect`. */
function proxyOf(protect: readonly (string | RegExp)[]) {
  const { identityProxy } = nextIdentityWeb(() => world.identity, {
    name: `proxy-test-${++worlds}-${crypto.randomUUID()}`,
  });
  return identityProxy({ protect });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`${SCENARIO_BASE_URL}${path}`, { headers: { accept: 'text/html', ...headers } });

/** Whether the proxy let the request on (Next.js's `NextResponse.next()`). */
const passed = (response: Response) => response.headers.get('x-middleware-next') === '1';

describe('identityProxy', () => {
  it('guards a protected path and everything under it, not a path that only starts alike', async () => {
    const proxy = proxyOf(['/orders']);
    for (const path of ['/orders', '/orders/42', '/orders/42?x=1']) {
      const answer = await proxy(get(path));
      expect(answer.status, path).toBe(302);
      expect(answer.headers.get('location'), path).toMatch(`${SCENARIO_BASE_URL}/auth/sign-in?returnTo=`);
    }
    expect(passed(await proxy(get('/orders-archive')))).toBe(true);
    expect(passed(await proxy(get('/')))).toBe(true);
  });

  it('matches the percent-decoded path too', async () => {
    const proxy = proxyOf(['/orders']);
    expect((await proxy(get('/%6Frders/1'))).status).toBe(302);
    expect(passed(await proxy(get('/%ZZ')))).toBe(true); // does not decode: matched as sent
  });

  it('tests a RegExp the same way every time, whatever its flags', async () => {
    const proxy = proxyOf([/^\/admin/g]);
    for (let i = 0; i < 3; i++) expect((await proxy(get('/admin/x'))).status).toBe(302);
  });

  it('answers a script with 401 JSON, and lets a signed-in user on', async () => {
    const proxy = proxyOf(['/orders']);
    const script = await proxy(get('/orders', { accept: 'application/json' }));
    expect(script.status).toBe(401);
    const { browser } = await world.signIn('alice');
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    expect(passed(await proxy(get('/orders/1', { cookie })))).toBe(true);
  });

  it('reads the session once for the proxy and the route handler after it: the route finds it in the session memo', async () => {
    const store = new MemorySessionStore(systemClock);
    const reads: string[] = [];
    const counting: SessionStore = {
      getSession(id) {
        reads.push(id);
        return store.getSession(id);
      },
      setSession: (id, record, ttlSeconds) => store.setSession(id, record, ttlSeconds),
      deleteSession: (id) => store.deleteSession(id),
    };
    const counted = await createScenarioWorld(scenarioApp, { stores: { sessionStore: counting } });
    try {
      const { browser } = await counted.signIn('alice');
      const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const parts = nextIdentityWeb(() => counted.identity, { name: `memo-test-${++worlds}-${crypto.randomUUID()}` });
      const proxy = parts.identityProxy({ protect: ['/orders'] });
      const route = parts.withAuth((_request, { auth }) => Response.json({ signedIn: auth.isAuthenticated }));
      counted.clock.advance(61_000); // past the memo's minute: the sign-in's own entry is gone
      reads.length = 0;
      expect(passed(await proxy(get('/orders/1', { cookie })))).toBe(true);
      expect(reads).toHaveLength(1); // the proxy read the store
      const answer = await route(get('/orders/1', { cookie }), {});
      expect(await answer.json()).toEqual({ signedIn: true });
      expect(reads).toHaveLength(1); // the route did not read it again
    } finally {
      await counted.close();
    }
  });

  it('tells the render its path, in place of whatever the client sent', async () => {
    const proxy = proxyOf([]);
    const answer = await proxy(get('/orders/7?tab=2', { 'x-identity-web-path': '//evil.example/' }));
    expect(passed(answer)).toBe(true);
    expect(answer.headers.get('x-middleware-request-x-identity-web-path')).toBe('/orders/7?tab=2');
  });

  it("makes its redirects absolute on the configured origin, never on the request's Host", async () => {
    const proxy = proxyOf(['/orders']);
    const forged = new Request('http://evil.example/orders', {
      headers: { accept: 'text/html', host: 'evil.example', 'x-forwarded-host': 'evil.example' },
    });
    const answer = await proxy(forged);
    expect(new URL(answer.headers.get('location') ?? '').origin).toBe(SCENARIO_BASE_URL);
  });

  it("refuses next.config's basePath rather than leave a protected path open", async () => {
    const proxy = proxyOf(['/orders']);
    const request = Object.assign(get('/app/orders'), { nextUrl: { basePath: '/app' } });
    await expect(proxy(request)).rejects.toThrow(/basePath \(\/app\) is not supported/);
  });

  it('refuses a protected path that is not a path', () => {
    expect(() => proxyOf(['orders'])).toThrow(/start with "\/"/);
  });
});

describe('the catch-all route', () => {
  it('answers <basePath>/unavailable with the 503 page and Retry-After, and nothing else there', async () => {
    // The render that sent the browser here logged the failure: the page itself logs nothing.
    const lines: string[] = [];
    const record = (_fields: unknown, message: string) => lines.push(message);
    const logged = await createScenarioWorld(scenarioApp, {
      logger: { debug() {}, info() {}, warn: record, error: record },
    });
    const { handlers } = nextIdentityWeb(() => logged.identity, {
      name: `routes-test-${++worlds}-${crypto.randomUUID()}`,
    });
    const { GET, POST } = handlers; // as the route module takes them
    try {
      const page = await GET(get('/auth/unavailable'));
      expect(lines).toEqual([]);
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await GET(get('/auth/x/unavailable'))).status).toBe(404);
      const missing = await GET(get('/auth/nothing-here', { accept: 'text/html' }));
      expect(missing.status).toBe(404);
      // A browser sees a "Not found" page, not a sign-in problem: nothing about signing in failed.
      expect(await missing.text()).toContain('<title>Not found</title>');
      expect(typeof POST).toBe('function');
    } finally {
      await logged.close();
    }
  });
});

describe('a catch-all route that exports one method', () => {
  type Handler = (request: Request) => Promise<Response>;
  type Exports = { GET?: Handler; POST?: Handler };
  /** The route module's exports, as it takes them from `handlers` when evaluated, and what was logged. */
  async function routeModule(evaluate: (handlers: { GET: Handler; POST: Handler }) => Exports) {
    const warnings: { fields: unknown; message: string }[] = [];
    const logged = await createScenarioWorld(scenarioApp, {
      logger: {
        debug() {},
        info() {},
        // The route's own warnings (a logout refused for its empty body is the logout's).
        warn: (fields, message) => {
          if (/^next_route/.test(String((fields as { event?: unknown }).event))) warnings.push({ fields, message });
        },
        error() {},
      },
    });
    const { handlers } = nextIdentityWeb(() => logged.identity, {
      name: `one-method-${++worlds}-${crypto.randomUUID()}`,
    });
    const exports = evaluate(handlers);
    await new Promise((resolve) => setTimeout(resolve, 0)); // requests come in later turns
    return { exports, warnings, close: () => logged.close() };
  }
  const backChannel = () => new Request(`${SCENARIO_BASE_URL}/auth/back-channel-logout`, { method: 'POST' });

  it('names a route without POST, with its fix, at its first GET, once', async () => {
    const route = await routeModule(({ GET }) => ({ GET })); // export const { GET } = handlers;
    try {
      expect((await route.exports.GET?.(get('/auth/sign-in')))?.status).toBe(302);
      await route.exports.GET?.(get('/auth/sign-in'));
      expect(route.warnings).toHaveLength(1);
      const [warning] = route.warnings;
      expect(warning?.fields).toMatchObject({ event: 'next_route_without_post' });
      expect(warning?.message).toContain('Next.js answers 405 to sign-out');
      expect(warning?.message).toContain('export const { GET, POST } = handlers;');
    } finally {
      await route.close();
    }
  });

  it('names a route without GET at its first POST', async () => {
    const route = await routeModule(({ POST }) => ({ POST })); // export const { POST } = handlers;
    try {
      await route.exports.POST?.(backChannel());
      expect(route.warnings.map((w) => w.fields)).toMatchObject([{ event: 'next_route_without_get' }]);
      expect(route.warnings[0]?.message).toContain('Next.js answers 405 to sign-in');
    } finally {
      await route.close();
    }
  });

  it.each([
    ['takes both', ({ GET, POST }: { GET: Handler; POST: Handler }): Exports => ({ GET, POST })],
    [
      // export async function GET(request) { return handlers.GET(request); } and the same for POST
      'takes each method when it is called (a wrapper)',
      (handlers: { GET: Handler; POST: Handler }): Exports => {
        const get: Handler = (request) => handlers.GET(request);
        const post: Handler = (request) => handlers.POST(request);
        return { GET: get, POST: post };
      },
    ],
  ])('says nothing when the route module %s', async (_name, evaluate) => {
    const route = await routeModule(evaluate);
    try {
      await route.exports.GET?.(get('/auth/sign-in'));
      await route.exports.POST?.(backChannel());
      expect(route.warnings).toEqual([]);
    } finally {
      await route.close();
    }
  });
});

describe('an instance that cannot be made', () => {
  it('rejects (never throws) in every part, and is not made again at each request', async () => {
    let calls = 0;
    const parts = nextIdentityWeb(
      () => {
        calls++;
        throw new TypeError('"secret" is too short');
      },
      { name: `failing-${++worlds}-${crypto.randomUUID()}` },
    );
    const route = parts.withAuth(() => new Response('never'));
    const proxy = parts.identityProxy();
    for (const answer of [
      parts.handlers.GET(get('/auth/sign-in')),
      route(get('/x'), {}),
      proxy(get('/x')),
      parts.handlers.POST(get('/auth/sign-out')),
    ]) {
      await expect(answer).rejects.toThrow('"secret" is too short');
    }
    expect(calls).toBe(1);
  });

  it("refuses Next.js's edge runtime in every part, naming the Node.js runtime's setting", async () => {
    const edge = globalThis as { EdgeRuntime?: string };
    edge.EdgeRuntime = 'edge-runtime'; // what Next.js's edge sandbox defines
    try {
      let calls = 0;
      const parts = nextIdentityWeb(
        () => {
          calls++;
          return world.identity;
        },
        { name: `edge-${++worlds}-${crypto.randomUUID()}` },
      );
      // An API's parts, given factories that must not be reached.
      const api = (): never => {
        throw new Error('the API was made on the edge');
      };
      for (const answer of [
        parts.handlers.GET(get('/auth/sign-in')),
        parts.withAuth(() => new Response('never'))(get('/x'), {}),
        parts.identityProxy()(get('/x')),
        protectApi(api, {}, () => new Response('never'))(get('/orders'), {}),
        apiBackChannelLogout(api)(get('/back-channel-logout')),
        apiSecurityEvents(api)(get('/security-events')),
      ]) {
        await expect(answer).rejects.toThrow("add runtime: 'nodejs' to its config");
      }
      expect(calls).toBe(0);
    } finally {
      delete edge.EdgeRuntime;
    }
  });

  it('refuses an instance given in place of the function that makes it, saying why', () => {
    expect(() => nextIdentityWeb(world.identity as never)).toThrow(/takes a function that creates the instance/);
  });
});
