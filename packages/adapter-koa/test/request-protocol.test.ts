// The request protocol the core runs for Koa, at its edges: requireAuth() hands on the auth
// context the app sees (one a middleware before it replaced included), and identityWeb() called
// outside a compose answers the rejection of a next() that returns a promise of another kind.
import { identityWeb, requireAuth } from '@identity-web/koa';
import Koa, { type Middleware } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../core/test/support/node-http-app.js';
import { closeProbe, consent, probe } from '../../core/test/support/request-probe.js';

afterEach(closeProbe);

const route =
  (path: string, handler: Middleware): Middleware =>
  async (ctx, next) =>
    ctx.path === path ? handler(ctx, next) : next();
const publicRoute = route('/public', (ctx) => {
  const auth = ctx.state.auth as { user: unknown; csrfToken: string };
  ctx.body = { user: auth.user, csrfToken: auth.csrfToken };
});

describe('requireAuth() and the ctx.state.auth the app set', () => {
  it('leaves the context the app put in ctx.state alone', async () => {
    const seen = await probe(
      async (identity) => {
        const app = new Koa();
        app.silent = true;
        app.use(identityWeb(identity));
        app.use(publicRoute);
        // An app's own decoration of the context (permissions looked up once, say).
        app.use(async (ctx, next) => {
          ctx.state.auth = Object.freeze({ ...ctx.state.auth, permissions: ['orders:read'] });
          await next();
        });
        const guard = requireAuth();
        app.use(
          route('/orders', (ctx) =>
            guard(ctx as never, async () => {
              ctx.body = { permissions: (ctx.state.auth as { permissions?: string[] }).permissions ?? null };
            }),
          ),
        );
        return serveNode(app.callback());
      },
      '/orders',
      { accept: 'json', signedIn: true },
    );
    expect(JSON.parse(seen.body)).toEqual({ permissions: ['orders:read'] });
  });
});

describe('identityWeb() called outside a compose', () => {
  // A thenable that is no native Promise (another realm's, a promise library's) is a promise all the same.
  it('answers an interaction-required rejection of a next() that returns a foreign thenable', async () => {
    const seen = await probe(
      async (identity) => {
        const app = new Koa();
        app.silent = true;
        const middleware = identityWeb(identity);
        app.use(async (ctx) => {
          // biome-ignore lint/suspicious/noThenProperty: a thenable that is no native Promise, on purpose.
          const next = () => ({ then: (_ok: unknown, fail: (e: unknown) => void) => fail(consent()) });
          await middleware(ctx as never, next as never);
        });
        return serveNode(app.callback());
      },
      '/orders',
      { accept: 'json' },
    );
    // identity-web's challenge, not Koa's own answer to the error's `status` (401 text/plain).
    expect(seen.status).toBe(401);
    expect(seen.type).toBe('application/json');
    expect(seen.body).toContain('interaction_required');
  });
});
