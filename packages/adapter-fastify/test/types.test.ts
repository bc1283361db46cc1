// Types that follow the flow: what the package's typecheck (`tsc -p tsconfig.json`, which takes
// test/) accepts and refuses, and that the run time matches. A `@ts-expect-error` line that
// compiles fails the typecheck; the rest runs under vitest.
import type { AuthContext, SignedInAuthContext } from '@identity-web/core';
import Fastify, { type FastifyRequest, type preHandlerAsyncHookHandler, type RouteHandlerMethod } from 'fastify';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { requireAuth, type SignedInRoute } from '../src/index.js';
import { closeWorlds, fastifyWorld } from './support/app.js';

afterEach(closeWorlds);

describe('request.auth', () => {
  it('is signed in on a SignedInRoute behind requireAuth(), at run time too', async () => {
    const seen: AuthContext[] = [];
    const world = await fastifyWorld({
      routes: (app) =>
        app.get<SignedInRoute & { Querystring: { page?: string } }>(
          '/me.json',
          { preHandler: requireAuth() },
          (request) => {
            const { auth } = request;
            seen.push(auth);
            expectTypeOf(request.query.page).toEqualTypeOf<string | undefined>();
            // Signed in: no `?.`, no `!`.
            return { name: auth.user.name, key: auth.account.key, csrfToken: auth.csrfToken };
          },
        ),
    });
    const alice = await world.signIn('alice');
    const me = await alice.browser.fetch('/me.json', { accept: 'json' });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: 'alice', key: alice.accountKey, csrfToken: alice.csrfToken });
    expect(seen[0]).toMatchObject({ isAuthenticated: true, user: { subject: 'alice' } });
    // No one signed in: the handler never runs.
    expect((await world.browser().fetch('/me.json', { accept: 'json' })).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('is an AuthContext on any other route, narrowed by isAuthenticated', () => {
    const app = Fastify();
    app.get('/public', (request) => {
      expectTypeOf(request.auth).toEqualTypeOf<AuthContext>();
      // @ts-expect-error without requireAuth() no one may be signed in: `user` may be null
      const name = request.auth.user.name;
      const { auth } = request;
      return auth.isAuthenticated ? auth.user.key : (name ?? auth.signInUrl('/public'));
    });
    app.get<SignedInRoute>('/me', { preHandler: requireAuth({ roles: ['admin'] }) }, (request) => {
      expectTypeOf(request.auth).toEqualTypeOf<SignedInAuthContext>();
      expectTypeOf(request.auth.isAuthenticated).toEqualTypeOf<true>();
      expectTypeOf(request.auth.csrfToken).toEqualTypeOf<string>();
      return request.auth.account.key;
    });
    expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<AuthContext>();
    expectTypeOf<FastifyRequest<SignedInRoute>['auth']>().toEqualTypeOf<SignedInAuthContext>();
    expect(app.hasRoute({ url: '/me', method: 'GET' })).toBe(true);
  });

  it('types a handler written apart, and takes requireAuth() as a hook of any route', () => {
    const profile: RouteHandlerMethod = (request) => request.auth.signOutUrl;
    const signedIn = (request: FastifyRequest<SignedInRoute>) => request.auth.user.subject;
    const app = Fastify();
    app.get('/profile', profile);
    app.get<SignedInRoute>('/subject', { preHandler: requireAuth() }, signedIn);
    app.get<{ Params: { id: string } }>('/orders/:id', { onRequest: requireAuth() }, (request) => request.params.id);
    app.addHook('preHandler', requireAuth());
    expectTypeOf(requireAuth()).toExtend<preHandlerAsyncHookHandler>();
    expect(app.hasRoute({ url: '/orders/:id', method: 'GET' })).toBe(true);
  });
});
