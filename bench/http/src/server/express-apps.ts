import type { RequestListener } from 'node:http';
import type { IdentityWeb } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '@identity-web/express';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { BENCH_SCOPE, HELLO, ROUTE } from '../variants.js';
import { firstErrorLogger } from './errors.js';

/** The baseline: the route alone, on Express 5 with its defaults. */
export function bareExpress(): RequestListener {
  const app = express();
  app.get(ROUTE, (_req, res) => {
    res.json(HELLO);
  });
  return app;
}

/**
 * The bare route in the shape the identity-web route has, without identity-web: a middleware
 * before the routes, a route middleware, an async handler that awaits one resolved promise, and
 * the error middleware after the routes. What Express itself charges for that shape.
 */
export function shapedExpress(variant: string): RequestListener {
  const app = express();
  app.use((_req, _res, next) => next());
  app.get(
    ROUTE,
    (_req, _res, next) => next(),
    async (_req, res) => {
      await Promise.resolve();
      res.json(HELLO);
    },
  );
  app.use(((error, _req, _res, next) => next(error)) as ErrorRequestHandler);
  return withErrorLogger(app, variant);
}

/** The same route for signed-in users only, with a downstream token from the cache on every request. */
export function identityWebExpress(identity: IdentityWeb, variant: string): RequestListener {
  const app = express();
  app.use(identityWeb(identity));
  app.get(ROUTE, requireAuth(), async (req, res) => {
    await signedIn(req).acquireToken(BENCH_SCOPE);
    res.json(HELLO);
  });
  // Challenges and identity-web's own statuses; anything else reaches the logger after it.
  app.use(authErrorHandler());
  return withErrorLogger(app, variant);
}

/**
 * The app's last error middleware: an error that carries a 4xx status (express-openid-connect's
 * 401 for an anonymous API call) is answered with it; anything else is a 500, logged once.
 * Express's own final handler would print every error's stack.
 */
export function withErrorLogger(app: Express, variant: string): Express {
  const logError = firstErrorLogger(variant);
  const handler: ErrorRequestHandler = (error, _req, res, _next) => {
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: (error as Error).message });
      return;
    }
    logError(error);
    res.status(500).json({ error: 'internal' });
  };
  app.use(handler);
  return app;
}
