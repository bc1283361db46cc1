// Types that follow the flow: what `tsc -p test/tsconfig.json` (the package's typecheck) accepts
// and refuses, and that the run time matches. A `@ts-expect-error` line that compiles fails the
// typecheck; the rest runs under vitest.
import type { AuthContext, IdentityWeb, SignedInAuthContext } from '@identity-web/core';
import {
  type IdentityWebEnv,
  identityWeb,
  type RequireAuthMiddleware,
  requireAuth,
  type SignedInEnv,
} from '@identity-web/hono';
import { type Handler, Hono, type MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { closeWorld, scenarioWorld } from './hono-world.js';
import { requestOf } from './scenario-app.js';

afterEach(closeWorld);

type IsNever<T> = [T] extends [never] ? true : false;

/** Enough of an instance to build apps with, for the type checks; they serve no request. */
const typesOnly = { http: { handle: () => null, origin: 'http://localhost' } } as unknown as IdentityWeb;

/** The app of the README: the env inferred from `.use(identityWeb(identity))`, no type written. */
function readmeApp(identity: IdentityWeb) {
  const app = new Hono().use(identityWeb(identity));
  app.get('/public', (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
  app.get('/me', requireAuth(), (c) => {
    const { auth } = c.var;
    // Signed in: no `?.`, no `!`.
    return c.json({ name: auth.user.name, key: auth.account.key, csrfToken: auth.csrfToken });
  });
  return app;
}

describe('c.var.auth behind requireAuth()', () => {
  it('is signed in: user, account and csrfToken are typed and are there at run time', async () => {
    const seen: AuthContext[] = [];
    const world = await scenarioWorld(async (identity) => {
      const app = readmeApp(identity);
      app.get('/seen', requireAuth(), (c) => {
        seen.push(c.get('auth'));
        return c.text('ok');
      });
      return { fetch: requestOf(app) };
    });
    const alice = await world.signIn('alice');
    const me = await alice.browser.fetch('/me', { accept: 'json' });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: 'alice', key: alice.accountKey, csrfToken: alice.csrfToken });
    expect((await alice.browser.fetch('/seen', { accept: 'json' })).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ isAuthenticated: true, user: { subject: 'alice' }, csrfToken: alice.csrfToken });
    expect(seen[0]?.account).not.toBeNull();
    // No one signed in: the handler never runs.
    expect((await world.browser().fetch('/seen', { accept: 'json' })).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('narrows the env for the handlers after it, and only there', () => {
    const app = new Hono().use(identityWeb(typesOnly));
    app.get(
      '/me',
      requireAuth(),
      async (c, next) => {
        expectTypeOf(c.var.auth).toExtend<SignedInAuthContext>();
        await next();
      },
      (c) => {
        expectTypeOf(c.var.auth).toExtend<SignedInAuthContext>();
        expectTypeOf<IsNever<typeof c.var.auth>>().toEqualTypeOf<false>();
        expectTypeOf(c.var.auth.isAuthenticated).toEqualTypeOf<true>();
        expectTypeOf(c.var.auth.user.name).toEqualTypeOf<string | undefined>();
        expectTypeOf(c.get('auth').csrfToken).toEqualTypeOf<string>();
        return c.text(c.var.auth.user.key);
      },
    );
    app.get('/admin', requireAuth({ roles: ['admin'] }), (c) => c.text(c.var.auth.user.key));
    app.get('/public', (c) => {
      expectTypeOf(c.var.auth).toEqualTypeOf<AuthContext>();
      // @ts-expect-error without requireAuth() no one may be signed in: `user` may be null
      const name = c.var.auth.user.name;
      // `isAuthenticated` narrows it.
      const { auth } = c.var;
      return c.text(auth.isAuthenticated ? auth.user.key : `${name}`);
    });
    // A whole app (or group) behind `.use(requireAuth())`, chained: signed in everywhere after it.
    new Hono()
      .use(identityWeb(typesOnly))
      .use(requireAuth())
      .get('/', (c) => c.text(c.var.auth.user.key));
    // A group: a sub-app of its own behind the guard, the parent app's routes untouched.
    const admin = new Hono<IdentityWebEnv>().use(requireAuth()).get('/', (c) => c.text(c.var.auth.user.key));
    app.route('/admin', admin);
  });

  it('fits an app env of its own, handlers written apart, and a guard called by hand', () => {
    type AppEnv = { Bindings: { REGION: string }; Variables: IdentityWebEnv['Variables'] & { requestId: string } };
    const app = new Hono<AppEnv>();
    app.use(identityWeb(typesOnly));
    app.get('/me', requireAuth(), (c) => c.text(`${c.var.auth.user.key} ${c.var.requestId} ${c.env.REGION}`));
    // A handler written apart names the env it needs.
    const me: Handler<SignedInEnv> = (c) => c.json({ name: c.var.auth.user.name ?? null });
    app.get('/me.json', requireAuth(), me);
    // A guard kept in a variable keeps narrowing.
    const staff: RequireAuthMiddleware<AppEnv> = requireAuth({ roles: ['staff'] });
    app.get('/staff', staff, (c) => c.text(`${c.var.auth.user.key} ${c.var.requestId}`));
    // It takes any request identityWeb saw, so it can be applied by hand too.
    const guard = requireAuth<AppEnv>();
    app.use((c, next) => (c.req.path.startsWith('/admin') ? guard(c, next) : next()));
    expectTypeOf(requireAuth()).toExtend<MiddlewareHandler<IdentityWebEnv>>();
  });
});

describe('c.var.auth without identityWeb()', () => {
  it('is a type error in an app that never mounted it', () => {
    // @ts-expect-error `auth` is no variable of an app without `.use(identityWeb(identity))`
    new Hono().get('/', (c) => c.text(String(c.var.auth.isAuthenticated)));
    // The README's pattern: the app's type comes from `.use(identityWeb(identity))`, so forgetting it
    // leaves `c.var.auth` untyped. (`new Hono<IdentityWebEnv>()` would compile without the middleware.)
    const app = new Hono().use(identityWeb(typesOnly));
    app.get('/', (c) => c.text(String(c.var.auth.isAuthenticated)));
  });

  it('is not one behind requireAuth() (it brings its env), but fails loudly on the first request', async () => {
    // Hono intersects a route middleware's env with the app's and never checks the app's, so
    // the type system cannot see a missing identityWeb() here; requireAuth() throws instead.
    const app = new Hono();
    let caught: unknown;
    app.onError((err, c) => {
      caught = err;
      return c.text('failed', 500);
    });
    app.get('/me', requireAuth(), (c) => c.text(c.var.auth.user.key));
    expect((await app.request('/me')).status).toBe(500);
    expect(caught).toMatchObject({ code: 'invalid_argument', option: 'requireAuth' });
  });

  it("names the fix in the 500's console line of Hono's default error handler", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const app = new Hono().get('/me', requireAuth(), (c) => c.text(c.var.auth.user.key));
      expect((await app.request('/me')).status).toBe(500);
      expect(logged.mock.calls.map((call) => String(call[0]))).toEqual([
        'IdentityWebError: identity-web: requireAuth() needs the identityWeb() middleware before it: app.use(identityWeb(identity)) ahead of the routes',
      ]);
    } finally {
      logged.mockRestore();
    }
  });
});
