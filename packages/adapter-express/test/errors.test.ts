import { createIdentityWeb, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import { FakeIdentityProvider, locationOf, ManualClock, type ScenarioWorld } from '@identity-web/core/testing';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { identityWeb, requireAuth, signedIn } from '../src/index.js';
import { closeWorlds, type ExpressAppOptions, expressWorld, serveNode } from './support/app.js';

const consent = () => new InteractionRequiredError('consent needed', { scopes: ['api://orders/write'] });

let caught: unknown[] = [];
afterEach(async () => {
  await closeWorlds();
  vi.restoreAllMocks();
  caught = [];
});

/** The app's own error handler, after `authErrorHandler()`, recording what reaches it. */
const appErrors: ErrorRequestHandler = (error, _req, res, next) => {
  caught.push(error);
  if (res.headersSent) return next(error);
  res.status((error as { status?: number }).status ?? 500).json({ handledBy: 'app' });
};

/** An app whose `GET /throws` runs `prepare`, then throws `error` (an async handler: Express 5 passes it on). */
function worldThrowing(error: unknown, prepare?: (req: Request, res: Response) => void): Promise<ScenarioWorld> {
  return expressWorld({
    onError: appErrors,
    routes: (app) =>
      app.get('/throws', async (req, res) => {
        prepare?.(req, res);
        throw error;
      }),
  });
}

describe('authErrorHandler()', () => {
  it('answers an InteractionRequiredError with the challenge, even after the route set headers', async () => {
    const world = await worldThrowing(consent(), (_req, res) => {
      res.type('json');
      res.setHeader('x-route', 'partial');
    });
    const page = await world.browser().fetch('/throws?a=1');
    expect(page.status).toBe(302);
    expect(locationOf(page).searchParams.get('scope')).toBe('api://orders/write');
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/throws?a=1');
    expect(page.headers.get('content-type')).toBeNull();
    expect(await page.text()).toBe('');
    const api = await world.browser().fetch('/throws', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: ['api://orders/write'] });
    expect(caught).toEqual([]);
  });

  it('answers an identity-web 503 with its status and Retry-After, HTML for a navigation', async () => {
    const world = await worldThrowing(new IdentityWebError('store_unavailable', 'redis is down'));
    const api = await world.browser().fetch('/throws', { accept: 'json' });
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('5');
    expect(await api.json()).toMatchObject({ error: 'store_unavailable' });
    const page = await world.browser().fetch('/throws');
    expect(page.status).toBe(503);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(caught).toEqual([]);
  });

  it("hands an error that is not ours, and an identity-web 500, to the app's error handler untouched", async () => {
    const boom = Object.assign(new Error('boom'), { status: 418 });
    const world = await worldThrowing(boom);
    const response = await world.browser().fetch('/throws', { accept: 'json' });
    expect(response.status).toBe(418);
    expect(await response.json()).toEqual({ handledBy: 'app' });
    const bug = new IdentityWebError('invalid_argument', 'wrong call');
    const other = await worldThrowing(bug);
    expect((await other.browser().fetch('/throws', { accept: 'json' })).status).toBe(500);
    expect(caught).toEqual([boom, bug]);
  });

  it('leaves an error to the app once the response has started', async () => {
    const error = consent();
    const world = await worldThrowing(error, (_req, res) => {
      res.status(200).flushHeaders();
    });
    const response = await world
      .browser()
      .fetch('/throws')
      .catch(() => null); // Express may cut the stream
    if (response) expect(response.status).toBe(200);
    expect(caught).toEqual([error]);
  });

  it('challenges acquireToken() on a route without requireAuth when nobody is signed in', async () => {
    const world = await expressWorld({
      routes: (app) =>
        app.get('/optional', async (req, res) => {
          res.json(await req.auth.acquireToken('api://downstream/read'));
        }),
    });
    const api = await world.browser().fetch('/optional', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toBe('not_authenticated');
    expect((await world.browser().fetch('/optional')).status).toBe(302);
  });

  it('turns signedIn() on an anonymous request (requireAuth() forgotten) into the challenge', async () => {
    const world = await expressWorld({
      routes: (app) => app.get('/unguarded', (req, res) => res.json(signedIn(req).user)),
    });
    const api = await world.browser().fetch('/unguarded', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toBe('not_authenticated');
    expect((await world.browser().fetch('/unguarded')).status).toBe(302);
    const alice = await world.signIn('alice');
    expect(await (await alice.browser.fetch('/unguarded', { accept: 'json' })).json()).toMatchObject({
      subject: 'alice',
    });
  });

  it('is needed for challenges: without it a thrown InteractionRequiredError reaches the app', async () => {
    const error = consent();
    const world = await expressWorld({
      noAuthErrorHandler: true,
      onError: appErrors,
      routes: (app) =>
        app.get('/throws', async () => {
          throw error;
        }),
    });
    expect((await world.browser().fetch('/throws', { accept: 'json' })).status).toBe(401);
    expect(caught).toEqual([error]);
  });
});

describe('the session read of identityWeb()', () => {
  async function worldWithFailingStore(error: Error, options: ExpressAppOptions = {}) {
    const world = await expressWorld({ onError: appErrors, ...options }, { session: { memo: false } });
    const alice = await world.signIn('alice');
    vi.spyOn(world.sessions, 'getSession').mockRejectedValue(error);
    return { world, alice };
  }

  it('answers a session store that is down with 503 and Retry-After itself, whatever error handlers follow', async () => {
    for (const noAuthErrorHandler of [false, true]) {
      caught = [];
      const { alice } = await worldWithFailingStore(new IdentityWebError('store_unavailable', 'redis is down'), {
        noAuthErrorHandler,
      });
      const api = await alice.browser.fetch('/public', { accept: 'json' });
      expect(api.status).toBe(503);
      expect(api.headers.get('retry-after')).toBe('5');
      expect(await api.json()).toMatchObject({ error: 'store_unavailable' });
      const page = await alice.browser.fetch('/public');
      expect(page.status).toBe(503);
      expect(page.headers.get('content-type')).toContain('text/html');
      // Answered in the middleware: the app's error handler (and its logs) never saw the outage.
      expect(caught).toEqual([]);
    }
  });

  it("leaves any other failure of the session read to the app's error handler", async () => {
    const failure = new Error('disk on fire');
    const { alice } = await worldWithFailingStore(failure);
    expect((await alice.browser.fetch('/public', { accept: 'json' })).status).toBe(500);
    expect(caught).toEqual([failure]);
  });
});

describe('misuse', () => {
  it.each([
    [{ roles: 'admin' }, 'roles'],
    [{ scopes: [''] }, 'scopes'],
    [{ claim: true }, 'claim'],
    ['admin', 'options'],
  ])('refuses the requireAuth options %j when the middleware is made, naming %s', (options, option) => {
    expect(() => requireAuth(options as never)).toThrow(expect.objectContaining({ code: 'invalid_argument', option }));
  });

  it('fails loudly when requireAuth() runs without identityWeb()', async () => {
    const app = express();
    app.use(requireAuth());
    app.use(appErrors);
    const served = await serveNode(app);
    try {
      expect((await served.fetch('/')).status).toBe(500);
      expect(caught[0]).toMatchObject({
        code: 'invalid_argument',
        option: 'requireAuth',
        message: expect.stringContaining('app.use(identityWeb(identity)) ahead of the routes'),
      });
    } finally {
      await served.close();
    }
  });

  it('refuses something other than an identity-web instance, and options, at creation', () => {
    expect(() => identityWeb({} as never)).toThrow(
      expect.objectContaining({ name: 'IdentityWebError', code: 'invalid_argument', option: 'identity' }),
    );
    expect(() => identityWeb(undefined as never)).toThrow(/createIdentityWeb/);
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
    });
    const withOptions = identityWeb as (...args: unknown[]) => unknown;
    expect(() => withOptions(identity, { basePath: '/login' })).toThrow(
      expect.objectContaining({
        option: 'options',
        message: expect.stringContaining('give them to createIdentityWeb()'),
      }),
    );
    identity.close();
  });
});
