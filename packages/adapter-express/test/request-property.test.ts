// `req.auth` without a property written onto the request: Express gives every request its app's
// prototype, after which each property added to it costs microseconds, so the adapter reads
// `req.auth` through an accessor on the app's request prototype. What an app sees must not change.
import express, { type Request, type RequestHandler } from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { authErrorHandler, identityWeb } from '../src/index.js';
import { closeWorlds, expressWorld, send, serveNode } from './support/app.js';

afterEach(closeWorlds);

/** Serves `app` (its authErrorHandler() added last), GETs `path` once, and gives back the JSON answer. */
async function getJson(app: express.Express, path: string): Promise<unknown> {
  app.use(authErrorHandler());
  const served = await serveNode(app);
  try {
    const answer = await send(new URL(path, served.origin), 'GET', new Headers({ accept: 'application/json' }));
    expect(answer.status).toBe(200);
    return await answer.json();
  } finally {
    await served.close();
  }
}

const ownKeys = (req: Request) => Reflect.ownKeys(req).map(String);

describe.each([
  ['express 5', express],
  ['express 4', express4 as unknown as typeof express],
])('req.auth on %s', (_name, makeApp) => {
  it('is set on every request after identityWeb(), and no key is added to the request for it', async () => {
    const world = await expressWorld();
    const app = makeApp();
    let before: string[] = [];
    app.use((req, _res, next) => {
      before = ownKeys(req);
      next();
    });
    app.use(identityWeb(world.identity));
    app.use((req, res) => {
      res.json({
        added: ownKeys(req).filter((key) => !before.includes(key)),
        own: Object.hasOwn(req, 'auth'),
        signedIn: req.auth.isAuthenticated,
      });
    });
    expect(await getJson(app, '/')).toEqual({ added: [], own: false, signedIn: false });
  });

  it('keeps what the app assigns to req.auth itself, on that request only', async () => {
    const world = await expressWorld();
    const app = makeApp();
    app.use(identityWeb(world.identity));
    const replaced = { isAuthenticated: 'set by the app' };
    app.get('/replaced', (req, _res, next) => {
      (req as { auth: unknown }).auth = replaced;
      next();
    });
    const report: RequestHandler = (req, res) => {
      res.json({ auth: (req.auth as unknown) === replaced ? 'replaced' : req.auth.isAuthenticated });
    };
    app.get('/replaced', report);
    app.get('/other', report);
    expect(await getJson(app, '/replaced')).toEqual({ auth: 'replaced' });
    expect(await getJson(app, '/other')).toEqual({ auth: false });
  });

  it('is read in a sub-app mounted after identityWeb(), and back in the app after it', async () => {
    const world = await expressWorld();
    const app = makeApp();
    const sub = makeApp();
    const seen: unknown[] = [];
    sub.use((req, _res, next) => {
      seen.push(req.auth?.isAuthenticated);
      next();
    });
    app.use(identityWeb(world.identity));
    app.use('/area', sub);
    app.use((req, res) => {
      res.json({ inSubApp: seen, after: req.auth?.isAuthenticated });
    });
    expect(await getJson(app, '/area/page')).toEqual({ inSubApp: [false], after: false });
  });

  it('is undefined on a request identityWeb() did not see, in an app that mounts it elsewhere', async () => {
    const world = await expressWorld();
    const app = makeApp();
    app.get('/early', (req, res) => {
      res.json({ auth: req.auth === undefined ? 'undefined' : 'set' });
    });
    app.use(identityWeb(world.identity));
    expect(await getJson(app, '/early')).toEqual({ auth: 'undefined' });
  });
});
