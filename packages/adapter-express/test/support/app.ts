import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { IdentityWeb } from '@identity-web/core';
import { SCENARIO_API_SCOPE, SCENARIO_GUARDS, type ScenarioAppFactory } from '@identity-web/core/testing';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { type ServedApp, send, serveNode } from '../../../core/test/support/node-http-app.js';
import { worldPool } from '../../../core/test/support/world-pool.js';
import { authErrorHandler, identityWeb, requireAuth, signedIn } from '../../src/index.js';

export { type ServedApp, send, serveNode };

export interface ExpressAppOptions {
  /** The `express` function: Express 5 by default, `express4` for Express 4. */
  express?: () => Express;
  /** Middleware mounted before `identityWeb` (body parsers, ...). */
  before?: RequestHandler[];
  /** Extra routes, mounted after the scenario routes and before the error handlers. */
  routes?: (app: Express) => void;
  /** The app's own error handler, after `authErrorHandler()`; default: none (Express's own). */
  onError?: ErrorRequestHandler;
  /** Leave `authErrorHandler()` out. */
  noAuthErrorHandler?: boolean;
  /** Express's `trust proxy` setting. */
  trustProxy?: boolean;
  /** Headers added to every request (what a proxy in front would send). */
  headers?: Record<string, string>;
}

const publicRoute = (req: Request, res: Response) => {
  const { auth } = req;
  res.json({ authenticated: auth.isAuthenticated, user: auth.user, csrfToken: auth.csrfToken });
};
const meRoute = (req: Request, res: Response) => {
  res.json({ user: signedIn(req).user });
};
const callApiRoute = async (req: Request, res: Response) => {
  const scope = typeof req.query.scope === 'string' ? req.query.scope : SCENARIO_API_SCOPE;
  const token = await signedIn(req).acquireToken(scope);
  res.json({ accessToken: token.accessToken });
};
/** Unguarded: the route prepares a JSON answer, then needs a token. */
const optionalRoute = async (req: Request, res: Response) => {
  res.type('json');
  res.setHeader('x-route', 'partial');
  const scope = typeof req.query.scope === 'string' ? req.query.scope : SCENARIO_API_SCOPE;
  res.json({ accessToken: (await req.auth.acquireToken(scope)).accessToken });
};
const sessionsRoute = async (req: Request, res: Response) => {
  res.json({ sessions: await signedIn(req).sessions() });
};
const downstreamRoute = async (req: Request, res: Response) => {
  const path = new URL(req.originalUrl, 'http://x').searchParams.get('path') ?? '/';
  const answer = await signedIn(req).callApi('downstream', path);
  res.status(answer.status);
  res.setHeader('content-type', answer.headers.get('content-type') ?? 'application/octet-stream');
  if (answer.body === null) res.end();
  else Readable.fromWeb(answer.body as NodeReadableStream).pipe(res);
};

/** Express 4 passes a rejected async handler to nobody: each route hands its error to `next`. */
const routed =
  (handler: (req: Request, res: Response) => unknown): RequestHandler =>
  (req, res, next) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(next);
  };

/** The app's own last error handler, answering at once for the same reason as its "not found". */
const finalAnswer: ErrorRequestHandler = (_error, _req, res, _next) => {
  res.status(500).json({ error: 'internal' });
};

/** Builds the scenario app of `describeAdapterScenarios` (see ScenarioApp) on Express. */
export function expressApp(identity: IdentityWeb, options: ExpressAppOptions = {}): Express {
  const app = (options.express ?? express)();
  app.set('trust proxy', options.trustProxy ?? false);
  for (const middleware of options.before ?? []) app.use(middleware);
  app.use(identityWeb(identity));
  app.get('/public', routed(publicRoute));
  app.get('/optional', routed(optionalRoute));
  app.get('/me', requireAuth(), routed(meRoute));
  app.get('/admin', requireAuth(SCENARIO_GUARDS.admin), routed(meRoute));
  app.get('/staff', requireAuth(SCENARIO_GUARDS.staff), routed(meRoute));
  app.get('/granted', requireAuth(SCENARIO_GUARDS.granted), routed(meRoute));
  app.get('/call-api', requireAuth(), routed(callApiRoute));
  app.get('/downstream', requireAuth(), routed(downstreamRoute));
  app.get('/sessions', requireAuth(), routed(sessionsRoute));
  options.routes?.(app);
  // The app's own "not found", as most apps have: Express's default (finalhandler) first reads
  // the whole declared body, and waits for as long as a lying Content-Length keeps it waiting
  // (until Node's requestTimeout), which is Express's behaviour, not the adapter's.
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  if (!options.noAuthErrorHandler) app.use(authErrorHandler());
  app.use(options.onError ?? finalAnswer);
  return app;
}

export function expressScenarioApp(options: ExpressAppOptions = {}): ScenarioAppFactory {
  return async (identity) => serveNode(expressApp(identity, options), options.headers);
}

/** Scenario worlds around Express apps (`expressWorld(options, identity)`), closed by `closeWorlds`. */
export const { world: expressWorld, closeWorlds } = worldPool(expressScenarioApp);
