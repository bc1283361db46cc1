// Types that follow the flow: what the package's typecheck (`tsc -p tsconfig.json`, which takes
// test/) accepts and refuses, and that the run time matches. A `@ts-expect-error` line that
// compiles fails the typecheck; the rest runs under vitest.
import type { AuthContext, IdentityWeb, SignedInAuthContext } from '@identity-web/core';
import Router, { type RouterMiddleware } from '@koa/router';
import Koa, { type Middleware, type ParameterizedContext } from 'koa';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { type IdentityWebState, identityWeb, requireAuth, type SignedInState } from '../src/index.js';
import { closeWorlds, koaWorld, serve } from './support/app.js';

afterEach(closeWorlds);

type IsNever<T> = [T] extends [never] ? true : false;

/** Enough of an instance to build apps with, for the type checks; they serve no request. */
const typesOnly = { http: { handle: () => null, origin: 'http://localhost:3000' } } as unknown as IdentityWeb;

describe('ctx.state.auth behind requireAuth()', () => {
  it('is signed in: user, account and csrfToken are typed and are there at run time', async () => {
    const seen: AuthContext[] = [];
    const world = await koaWorld({
      routes: (router) => {
        router.get('/me.json', requireAuth(), (ctx) => {
          const { auth } = ctx.state;
          seen.push(auth);
          // Signed in: no `?.`, no `!`.
          ctx.body = { name: auth.user.name, key: auth.account.key, csrfToken: auth.csrfToken };
        });
      },
    });
    const alice = await world.signIn('alice');
    const me = await alice.browser.fetch('/me.json', { accept: 'json' });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: 'alice', key: alice.accountKey, csrfToken: alice.csrfToken });
    expect(seen[0]).toMatchObject({ isAuthenticated: true, user: { subject: 'alice' }, csrfToken: alice.csrfToken });
    // No one signed in: the handler never runs.
    expect((await world.browser().fetch('/me.json', { accept: 'json' })).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('is signed in after app.use(requireAuth()) in the README chain, at run time too', async () => {
    const world = await koaWorld({ router: false });
    const app = new Koa()
      .use(identityWeb(world.identity))
      .use(requireAuth())
      .use((ctx) => {
        ctx.body = { subject: ctx.state.auth.user.subject, csrfToken: ctx.state.auth.csrfToken };
      });
    app.silent = true;
    const served = await serve(app);
    try {
      expect((await served.fetch('/', { headers: { accept: 'application/json' } })).status).toBe(401);
      const alice = await world.signIn('alice'); // through the world's app; the cookie fits this one too
      const cookie = [...alice.browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const me = await served.fetch('/', { headers: { accept: 'application/json', cookie } });
      expect(me.status).toBe(200);
      expect(await me.json()).toEqual({ subject: 'alice', csrfToken: alice.csrfToken });
    } finally {
      await served.close();
    }
  });

  it('narrows the state of the route it guards, and only that route', () => {
    const router = new Router<IdentityWebState>();
    router.get(
      '/me',
      requireAuth(),
      async (ctx, next) => {
        expectTypeOf(ctx.state.auth).toExtend<SignedInAuthContext>();
        await next();
      },
      (ctx) => {
        expectTypeOf(ctx.state.auth).toExtend<SignedInAuthContext>();
        expectTypeOf<IsNever<typeof ctx.state.auth>>().toEqualTypeOf<false>();
        expectTypeOf(ctx.state.auth.isAuthenticated).toEqualTypeOf<true>();
        expectTypeOf(ctx.state.auth.user.name).toEqualTypeOf<string | undefined>();
        expectTypeOf(ctx.state.auth.csrfToken).toEqualTypeOf<string>();
        ctx.body = ctx.state.auth.user.key;
      },
    );
    router.get('/admin', requireAuth({ roles: ['admin'] }), (ctx) => {
      ctx.body = ctx.state.auth.account.key;
    });
    router.get('/public', (ctx) => {
      expectTypeOf(ctx.state.auth).toEqualTypeOf<AuthContext>();
      // @ts-expect-error without requireAuth() no one may be signed in: `user` may be null
      ctx.body = ctx.state.auth.user.name;
      // `isAuthenticated` narrows it.
      const { auth } = ctx.state;
      ctx.body = auth.isAuthenticated ? auth.user.key : auth.signInUrl('/public');
    });
    // A router without a state type still gets the signed-in state from the guard.
    new Router().get('/me', requireAuth(), (ctx) => {
      expectTypeOf(ctx.state.auth).toExtend<SignedInAuthContext>();
      expectTypeOf(ctx.state.auth).not.toBeAny();
    });
    // A handler written apart names the state it needs.
    const me: RouterMiddleware<SignedInState> = (ctx) => {
      ctx.body = { name: ctx.state.auth.user.name ?? null };
    };
    router.get('/me.json', requireAuth(), me);
    expect(router.stack.map((layer) => layer.path)).toEqual(['/me', '/admin', '/public', '/me.json']);
  });

  it('takes any request identityWeb saw, so it can be applied by hand', () => {
    const guard = requireAuth();
    const app = new Koa().use(identityWeb(typesOnly));
    app.use((ctx, next) => (ctx.path.startsWith('/admin') ? guard(ctx, next) : next()));
    const byHand = (ctx: ParameterizedContext<IdentityWebState>) => guard(ctx, async () => {});
    expectTypeOf(byHand).toBeFunction();
    expectTypeOf(guard).toExtend<Middleware<IdentityWebState>>();
    expectTypeOf(guard).toExtend<Middleware<SignedInState>>();
  });
});

describe('ctx.state.auth without identityWeb()', () => {
  it('is typed from identityWeb() on in the README chain', () => {
    const app = new Koa().use(identityWeb(typesOnly));
    app.use((ctx) => {
      expectTypeOf(ctx.state.auth).toEqualTypeOf<AuthContext>();
      // @ts-expect-error the chain typed it: `user` may be null
      ctx.body = ctx.state.auth.user.name;
    });
  });

  it("is a type error only where the app's state is typed: Koa's default state is `any`-like", () => {
    // Typed state, no identityWeb(): `auth` does not exist.
    new Koa<object>().use((ctx) => {
      // @ts-expect-error `auth` is no member of the state of an app without identityWeb()
      ctx.body = ctx.state.auth;
    });
    // Koa's default `DefaultState` lets any member through: the missing middleware is not seen.
    new Koa().use((ctx) => {
      expectTypeOf(ctx.state.auth).toBeAny();
    });
    // A router declares the state it wants, and Koa's `use()` infers an app's state from the
    // middleware given, so a router typed `IdentityWebState` mounts on any app.
    const router = new Router<IdentityWebState>();
    new Koa<object>().use(router.routes());
  });
});
