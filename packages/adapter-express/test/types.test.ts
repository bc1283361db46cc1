// Types that follow the flow: what the package's typecheck (`tsc -p tsconfig.json`, which takes
// test/) accepts and refuses, and that the run time matches. A `@ts-expect-error` line that
// compiles fails the typecheck; the rest runs under vitest.
import type { AuthContext, SignedInAuthContext } from '@identity-web/core';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '../src/index.js';
import { closeWorlds, expressWorld } from './support/app.js';

afterEach(closeWorlds);

describe('req.auth', () => {
  it('is on every Express request, typed AuthContext (declaration merging)', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<AuthContext>();
    const nameOf = (req: Request) => {
      // @ts-expect-error -- anonymous requests have no user: narrow first
      const name: string | undefined = req.auth.user.name;
      return req.auth.isAuthenticated ? req.auth.user.name : name;
    };
    expectTypeOf(nameOf).returns.toEqualTypeOf<string | undefined>();
  });

  it('is signed in through signedIn(req): typed, and so at run time behind requireAuth()', async () => {
    expectTypeOf(signedIn).returns.toEqualTypeOf<SignedInAuthContext>();
    const seen: SignedInAuthContext[] = [];
    const world = await expressWorld({
      routes: (app) =>
        app.get('/me.json', requireAuth(), (req, res) => {
          const auth = signedIn(req);
          seen.push(auth);
          // Signed in: no `?.`, no `!`.
          res.json({ name: auth.user.name, key: auth.account.key, csrfToken: auth.csrfToken });
        }),
    });
    const alice = await world.signIn('alice');
    const me = await alice.browser.fetch('/me.json', { accept: 'json' });
    expect(await me.json()).toEqual({ name: 'alice', key: alice.accountKey, csrfToken: alice.csrfToken });
    expect((await world.browser().fetch('/me.json', { accept: 'json' })).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('mounts where Express takes middleware: identityWeb and requireAuth as handlers, authErrorHandler as an error handler', () => {
    expectTypeOf(identityWeb).returns.toEqualTypeOf<RequestHandler>();
    expectTypeOf(requireAuth).returns.toEqualTypeOf<RequestHandler>();
    expectTypeOf(authErrorHandler).returns.toEqualTypeOf<ErrorRequestHandler>();
    // @ts-expect-error -- options belong to createIdentityWeb()
    expect(() => identityWeb({ http: {} } as never, { basePath: '/login' })).toThrow();
  });
});
