// `req.auth` and `req.api`: a plain property where adding one to an Express request is cheap, an
// accessor on the app's request prototype where it is not (Express gives every request its app's
// prototype; V8 before 13 then gives each property added to it a new hidden class). What an app
// sees must be the same either way, on Express 5 and 4.
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it } from 'vitest';
import { authErrorHandler, identityWeb } from '../src/index.js';
import { requestProperty, SLOW_TO_EXTEND } from '../src/request-property.js';
import { closeWorlds, expressWorld, send, serveNode } from './support/app.js';

afterEach(closeWorlds);

type MakeApp = () => express.Express;
const EXPRESSES: [string, MakeApp][] = [
  ['express 5', express],
  ['express 4', express4 as unknown as MakeApp],
];

/** Serves `app`, GETs each path once, and gives back the JSON answers. */
async function getJson(app: express.Express, ...paths: string[]): Promise<unknown[]> {
  const served = await serveNode(app);
  try {
    const answers: unknown[] = [];
    for (const path of paths) {
      const answer = await send(new URL(path, served.origin), 'GET', new Headers({ accept: 'application/json' }));
      expect(answer.status, path).toBe(200);
      answers.push(await answer.json());
    }
    return answers;
  } finally {
    await served.close();
  }
}

describe.each(EXPRESSES)('requestProperty on %s', (_name, makeApp) => {
  describe.each([
    ['an accessor', true],
    ['a plain property', false],
  ])('as %s', (_how, slow) => {
    /** An app whose first middleware sets `req.probe` to the request's number. */
    const probed = () => {
      const expose = requestProperty<{ n: number }>('probe', slow);
      const app = makeApp();
      let n = 0;
      app.use((req, _res, next) => {
        expose(req, { n: ++n });
        next();
      });
      return app;
    };
    const probe = (req: express.Request) => (req as unknown as { probe?: { n: number } }).probe;

    it('gives every request its own value, with an own key only as a plain property', async () => {
      const app = probed();
      app.use((req, res) => {
        res.json({ n: probe(req)?.n, own: Object.hasOwn(req, 'probe'), keys: Object.keys(req).includes('probe') });
      });
      expect(await getJson(app, '/a', '/b')).toEqual([
        { n: 1, own: !slow, keys: !slow },
        { n: 2, own: !slow, keys: !slow },
      ]);
    });

    it('is read in a sub-app, and back in the app after it', async () => {
      const app = probed();
      const sub = makeApp();
      const seen: unknown[] = [];
      sub.use((req, _res, next) => {
        seen.push(probe(req)?.n);
        next();
      });
      app.use('/area', sub);
      app.use((req, res) => {
        res.json({ inSubApp: seen, after: probe(req)?.n });
      });
      expect(await getJson(app, '/area/page')).toEqual([{ inSubApp: [1], after: 1 }]);
    });

    it('keeps what the app assigns itself, on that request only', async () => {
      const app = probed();
      app.get('/replaced', (req, _res, next) => {
        (req as unknown as { probe: unknown }).probe = { n: -1 };
        next();
      });
      app.use((req, res) => {
        res.json({ n: probe(req)?.n });
      });
      expect(await getJson(app, '/replaced', '/other')).toEqual([{ n: -1 }, { n: 2 }]);
    });

    it('holds however the apps are mounted, before or after the first request', async () => {
      // A sub-app that sets it, served alone, then mounted in one root, then in two more at once.
      const sub = probed();
      sub.get('/in', (req, _res, next) =>
        next(probe(req) === undefined ? new Error('unset in the sub-app') : undefined),
      );
      const root = () => {
        const app = makeApp();
        app.use(sub);
        app.use((req, res) => {
          res.json({ n: probe(req)?.n });
        });
        return app;
      };
      sub.use((req, res) => {
        res.json({ alone: probe(req)?.n });
      });
      expect(await getJson(sub, '/in')).toEqual([{ alone: 1 }]);
      expect(await getJson(root(), '/in')).toEqual([{ alone: 2 }]);
      const [first, second] = [root(), root()];
      expect(await getJson(first, '/in')).toEqual([{ alone: 3 }]);
      expect(await getJson(second, '/in')).toEqual([{ alone: 4 }]);
    });

    it('is read in the parent app after the sub-app that set it, in each of two parents', async () => {
      const sub = probed();
      const parent = () => {
        const app = makeApp();
        app.use('/area', sub);
        app.use((req, res) => {
          res.json({ after: probe(req)?.n });
        });
        return app;
      };
      const [first, second] = [parent(), parent()];
      expect(await getJson(first, '/area/x')).toEqual([{ after: 1 }]);
      expect(await getJson(second, '/area/x')).toEqual([{ after: 2 }]);
      expect(await getJson(first, '/area/x')).toEqual([{ after: 3 }]);
    });

    it('writes over a value another middleware put on the request first', async () => {
      const expose = requestProperty<number>('probe', slow);
      const app = makeApp();
      app.use((req, _res, next) => {
        (req as unknown as { probe: unknown }).probe = 'another middleware';
        next();
      });
      app.use((req, _res, next) => {
        expose(req, 7);
        next();
      });
      app.use((req, res) => {
        res.json({ probe: (req as unknown as { probe: unknown }).probe });
      });
      expect(await getJson(app, '/', '/')).toEqual([{ probe: 7 }, { probe: 7 }]);
    });

    it('reads what each of two copies of the adapter set, in apps side by side', async () => {
      const apps = [1, 2].map((copy) => {
        const expose = requestProperty<number>('probe', slow);
        const app = makeApp();
        app.use((req, _res, next) => {
          expose(req, copy);
          next();
        });
        app.use((req, res) => {
          res.json({ probe: (req as unknown as { probe: unknown }).probe });
        });
        return app;
      });
      expect(await getJson(apps[0]!, '/')).toEqual([{ probe: 1 }]);
      expect(await getJson(apps[1]!, '/')).toEqual([{ probe: 2 }]);
      expect(await getJson(apps[0]!, '/')).toEqual([{ probe: 1 }]);
    });

    it('is undefined on a request no middleware set it on, in the same app', async () => {
      const expose = requestProperty<number>('probe', slow);
      const app = makeApp();
      app.get('/early', (req, res) => {
        res.json({ probe: probe(req) === undefined ? 'undefined' : 'set' });
      });
      app.use((req, _res, next) => {
        expose(req, 1);
        next();
      });
      app.use((_req, res) => {
        res.json({ probe: 'late' });
      });
      expect(await getJson(app, '/early', '/late')).toEqual([{ probe: 'undefined' }, { probe: 'late' }]);
    });
  });

  it('sets req.auth after identityWeb(), adding a key to the request only where that is cheap', async () => {
    const world = await expressWorld();
    const app = makeApp();
    let before: string[] = [];
    app.use((req, _res, next) => {
      before = Reflect.ownKeys(req).map(String);
      next();
    });
    app.use(identityWeb(world.identity));
    app.use((req, res) => {
      const added = Reflect.ownKeys(req)
        .map(String)
        .filter((key) => !before.includes(key));
      res.json({ added, signedIn: req.auth.isAuthenticated });
    });
    app.use(authErrorHandler());
    expect(await getJson(app, '/')).toEqual([{ added: SLOW_TO_EXTEND ? [] : ['auth'], signedIn: false }]);
  });
});
