import { createIdentityWeb, type Logger, silentLogger } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { authErrorHandler, identityWeb, requireAuth } from '../src/index.js';
import { serveNode } from './support/app.js';

// A newcomer's mistakes: a factory mounted without its call. Each answers at once with a message
// that names the fix, never a request that hangs.
const identities: { close(): void }[] = [];
afterEach(() => {
  for (const identity of identities.splice(0)) identity.close();
});

function identity(logger?: Logger) {
  const made = createIdentityWeb({
    identityProvider: new FakeIdentityProvider(new ManualClock()),
    baseUrl: 'http://localhost:3000',
    secret: 's'.repeat(40),
    ...(logger !== undefined && { logger }),
  });
  identities.push(made);
  return made;
}

/** What reaches the app's own error handler, answered 500. */
async function firstError(build: (app: express.Express) => void, path = '/x'): Promise<unknown> {
  const app = express();
  let caught: unknown;
  build(app);
  app.use(((error, _req, res, _next) => {
    caught = error;
    res.status(500).end();
  }) as ErrorRequestHandler);
  const served = await serveNode(app);
  try {
    const response = await served.fetch(path, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(500);
    return caught;
  } finally {
    await served.close();
  }
}

describe('a factory mounted without its call', () => {
  it('identityWeb: says to call it with the identity', async () => {
    const error = await firstError((app) => app.use(identityWeb as unknown as RequestHandler));
    expect(error).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('identityWeb is mounted without its call: mount identityWeb(identity)'),
    });
  });

  it('requireAuth: says to mount requireAuth()', async () => {
    const made = identity();
    const error = await firstError((app) => {
      app.use(identityWeb(made));
      app.get('/x', requireAuth as unknown as RequestHandler, (_req, res) => {
        res.send('never');
      });
    });
    expect(error).toMatchObject({
      message: expect.stringContaining('requireAuth is mounted without its call: mount requireAuth()'),
    });
  });

  it('authErrorHandler: an unknown URL says to mount authErrorHandler(), instead of hanging', async () => {
    const made = identity();
    const error = await firstError((app) => {
      app.use(identityWeb(made));
      app.use(authErrorHandler as unknown as RequestHandler);
    }, '/nowhere');
    expect(error).toMatchObject({ message: expect.stringContaining('mount authErrorHandler()') });
  });

  it('a function for the identity (createIdentityWeb itself) is refused saying to pass what it returns', () => {
    expect(() => identityWeb(createIdentityWeb as never)).toThrow(
      /a function was given: pass what createIdentityWeb\(options\) returns/,
    );
  });
});

describe('authErrorHandler() missing or before the routes', () => {
  /** The warnings logged over two requests to an app `build` mounts. */
  async function warnings(build: (app: express.Express, made: ReturnType<typeof identity>) => void) {
    const warned: string[] = [];
    const made = identity({ ...silentLogger, warn: (fields) => warned.push(String(fields.event)) });
    const app = express();
    build(app, made);
    const served = await serveNode(app);
    try {
      await served.fetch('/x');
      await served.fetch('/x');
    } finally {
      await served.close();
    }
    return warned.filter((event) => event.startsWith('express_'));
  }
  const route = (app: express.Express) =>
    app.get('/x', (_req, res) => {
      res.send('ok');
    });

  it('says once, at the first request, that none is mounted', async () => {
    expect(
      await warnings((app, made) => {
        app.use(identityWeb(made));
        route(app);
      }),
    ).toEqual(['express_no_auth_error_handler']);
  });

  it('says once that it is mounted before routes, whose errors it never sees', async () => {
    expect(
      await warnings((app, made) => {
        app.use(identityWeb(made));
        app.use(authErrorHandler());
        route(app);
      }),
    ).toEqual(['express_auth_error_handler_before_routes']);
  });

  it('says nothing when it follows the routes (a router of them too)', async () => {
    expect(
      await warnings((app, made) => {
        app.use(identityWeb(made));
        const router = express.Router();
        route(router as unknown as express.Express);
        app.use(router);
        route(app);
        app.use(authErrorHandler());
      }),
    ).toEqual([]);
  });
});

describe('routes mounted before identityWeb()', () => {
  it('are named once, at the first request: req.auth is undefined there', async () => {
    const warned: string[] = [];
    const made = identity({ ...silentLogger, warn: (_fields, message) => warned.push(message) });
    const app = express();
    app.get('/early', (req, res) => {
      res.send(String(req.auth === undefined));
    });
    app.use(identityWeb(made));
    app.get('/later', (req, res) => {
      res.send(String(req.auth.isAuthenticated));
    });
    app.use(authErrorHandler());
    const served = await serveNode(app);
    try {
      expect(await (await served.fetch('/later')).text()).toBe('false');
      expect(await (await served.fetch('/early')).text()).toBe('true');
      expect(await (await served.fetch('/later')).text()).toBe('false');
    } finally {
      await served.close();
    }
    const early = warned.filter((message) => message.includes('routes mounted before identityWeb()'));
    expect(early).toEqual([
      'identity-web: routes mounted before identityWeb() get no req.auth (it is undefined there): GET /early. If they read it, mount app.use(identityWeb(identity)) before them',
    ]);
  });
});

describe('identityWeb() under a plain (req, res, next) host', () => {
  it('answers the auth routes on the response it is given (no Express `req.res`)', async () => {
    const middleware = identityWeb(identity());
    const served = await serveNode((req, res) =>
      middleware(req as never, res as never, (error?: unknown) => {
        res.statusCode = error === undefined ? 404 : 500;
        res.end();
      }),
    );
    try {
      const started = await served.fetch('/auth/sign-in');
      expect(started.status).toBe(302);
    } finally {
      await served.close();
    }
  });
});
