import { IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import type { ScenarioWorld } from '@identity-web/core/testing';
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  expectMiddlewareOptionsRefused,
  expectRequireAuthAloneFails,
  itRefusesBadRequireAuthOptions,
} from '../../core/test/support/adapter-misuse.js';
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

// The challenge and the 503 of a route's error, and the challenge of an unguarded acquireToken(),
// are shared scenarios (route errors): the scenario app ends in a handler that answers 500.
describe('authErrorHandler()', () => {
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
  itRefusesBadRequireAuthOptions(requireAuth);

  it('fails loudly when requireAuth() runs without identityWeb()', async () => {
    const app = express();
    app.use(requireAuth());
    app.use(appErrors);
    const served = await serveNode(app);
    await expectRequireAuthAloneFails(served, caught, 'app.use(identityWeb(identity)) ahead of the routes');
  });

  it('refuses something other than an identity-web instance, and options, at creation', () => {
    expect(() => identityWeb({} as never)).toThrow(
      expect.objectContaining({ name: 'IdentityWebError', code: 'invalid_argument', option: 'identity' }),
    );
    expect(() => identityWeb(undefined as never)).toThrow(/createIdentityWeb/);
    expectMiddlewareOptionsRefused(identityWeb);
  });
});
