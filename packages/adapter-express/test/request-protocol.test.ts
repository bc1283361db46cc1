// The request protocol the core runs for Express, at its edges: requireAuth() hands on the
// auth context the app sees, one a middleware before it replaced included.
import { authErrorHandler, identityWeb, requireAuth } from '@identity-web/express';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode } from '../../core/test/support/node-http-app.js';
import { closeProbe, probe } from '../../core/test/support/request-probe.js';

afterEach(closeProbe);

describe('requireAuth() and the req.auth the app set', () => {
  it('leaves the context the app put on req alone', async () => {
    const seen = await probe(
      async (identity) => {
        const app = express();
        app.use(identityWeb(identity));
        app.get('/public', (req, res) => {
          res.json({ user: req.auth.user, csrfToken: req.auth.csrfToken });
        });
        app.use((req, _res, next) => {
          req.auth = Object.freeze({ ...req.auth, permissions: ['orders:read'] }) as never;
          next();
        });
        app.get('/orders', requireAuth(), (req, res) => {
          res.json({ permissions: (req.auth as { permissions?: string[] }).permissions ?? null });
        });
        app.use(authErrorHandler());
        return serveNode(app);
      },
      '/orders',
      { accept: 'json', signedIn: true },
    );
    expect(JSON.parse(seen.body)).toEqual({ permissions: ['orders:read'] });
  });
});
