// What Express brings to the exchange: `trust proxy`, sub-apps that rewrite `req.url`, cookies
// the app sets, and the request body after a body parser read it first.
import { request } from 'node:http';
import { locationOf } from '@identity-web/core/testing';
import express, { type RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { originScenarios } from '../../core/src/testing/scenarios/origin.scenarios.js';
import { BACK_CHANNEL, FORM, formPostSignInThenBackChannelLogout } from '../../core/test/support/form-bodies.js';
import { describeScenarioGroup } from '../../core/test/support/scenario-group.js';
import { identityWeb } from '../src/index.js';
import { closeWorlds, expressScenarioApp, expressWorld, type ServedApp, send, serveNode } from './support/app.js';

// HEAD, the origin rules behind a proxy and bodies read with no parser (whole, chunked, over the
// limit) are shared scenarios; the origin rules run here again with `trust proxy` on.
describeScenarioGroup('express with trust proxy', originScenarios, expressScenarioApp({ trustProxy: true }));

afterEach(closeWorlds);

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

describe('cookies through Express', () => {
  it('deletes cookies with Max-Age=0 and a past date, and keeps the cookies the app set before', async () => {
    const world = await expressWorld({
      before: [
        (_req, res, next) => {
          res.cookie('app-pref', 'dark');
          next();
        },
      ],
    });
    const alice = await world.signIn('alice');
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    expect(signOut.status).toBe(303);
    const lines = setCookies(signOut);
    expect(lines.some((l) => l.startsWith('app-pref=dark'))).toBe(true);
    const session = lines.find((l) => l.startsWith('iw.session.3000='))!;
    expect(session).toMatch(/^iw\.session\.3000=;.*max-age=0.*expires=thu, 01 jan 1970/);
  });
});

describe('where Express rewrites the request', () => {
  it('answers an auth route only on the path Express routes, so a guard mounted on /auth sees every one', async () => {
    const blocked: RequestHandler = (_req, res) => {
      res.status(403).json({ error: 'blocked by the app' });
    };
    const world = await expressWorld({ before: [express.Router().use('/auth', blocked)] });
    expect((await world.browser().fetch('/auth/sign-in')).status).toBe(403);
    const { origin } = world.app as ServedApp;
    for (const path of ['/%2e/auth/sign-in', '/x/%2e%2e/auth/sign-in', '/x/%2E%2E/auth/sign-in', '/./auth/sign-in']) {
      const answer = await rawGet(origin, path);
      expect(answer.status, path).toBe(404); // the app's own "not found", never the redirect to the provider
      expect(answer.setCookie, path).toBeUndefined();
    }
  });

  it('answers the auth routes from inside a sub-router mounted at a path (originalUrl, not url)', async () => {
    const world = await expressWorld();
    const app = express();
    const area = express.Router();
    area.use(identityWeb(world.identity));
    app.use('/auth', area);
    const served = await serveNode(app);
    try {
      const start = await send(new URL('/auth/sign-in', served.origin), 'GET', new Headers({ accept: 'text/html' }));
      expect(start.status).toBe(302);
      expect(locationOf(start).origin).toBe(world.idp.issuer);
    } finally {
      await served.close();
    }
  });
});

/** A GET of `path` exactly as written: `fetch` and `URL` would remove its dot segments first. */
function rawGet(origin: string, path: string): Promise<{ status: number; setCookie: string[] | undefined }> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { accept: 'text/html' }, agent: false }, (res) => {
      res.resume().on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] }));
    });
    req.on('error', reject).end();
  });
}

describe('the challenge after a route began its answer', () => {
  it('drops the Content-Length the route had set, so the client is not left waiting for it', async () => {
    const world = await expressWorld({
      routes: (app) =>
        app.get('/sized', async (req, res) => {
          res.setHeader('content-length', '1000');
          res.setHeader('content-encoding', 'gzip');
          await req.auth.acquireToken('api://downstream/read');
        }),
    });
    const api = await world.browser().fetch('/sized', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-encoding')).toBeNull();
    expect(((await api.json()) as { error: string }).error).toBe('not_authenticated');
  });
});

describe('request bodies', () => {
  const parsers: [string, RequestHandler][] = [
    ['express.urlencoded()', express.urlencoded()],
    ['express.urlencoded({ extended: true })', express.urlencoded({ extended: true })],
    ['express.text({ type: "*/*" })', express.text({ type: '*/*' })],
    ['express.raw({ type: "*/*" })', express.raw({ type: '*/*' })],
  ];
  it.each(parsers)('reads form_post callbacks and logout tokens after %s consumed the stream', async (_, parser) => {
    await formPostSignInThenBackChannelLogout(await expressWorld({ before: [parser] }));
  });

  it.each(parsers.slice(0, 3))(
    'signs out with an empty body (CSRF in the header) after %s read it',
    async (_, parser) => {
      const world = await expressWorld({ before: [parser] });
      const alice = await world.signIn('alice');
      const headers = { ...FORM, 'content-length': '0', 'x-csrf-token': alice.csrfToken };
      const signOut = await alice.browser.fetch('/auth/sign-out', { method: 'POST', headers });
      expect(signOut.status).toBe(303);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    },
  );

  it('answers an empty body that a parser read and left nothing of, rather than waiting', async () => {
    const later: RequestHandler = (req, _res, next) => {
      req.resume();
      req.on('end', () => setTimeout(next, 5));
    };
    const world = await expressWorld({ before: [later] });
    const alice = await world.signIn('alice');
    const headers = { ...FORM, 'content-length': '0', 'x-csrf-token': alice.csrfToken };
    const signOut = await alice.browser.fetch('/auth/sign-out', { method: 'POST', headers });
    expect(signOut.status).toBe(400);
  });

  it('answers 400 when a parser consumed the body and left nothing the adapter can read', async () => {
    const swallow: RequestHandler = (req, _res, next) => {
      req.resume();
      req.on('end', () => next());
    };
    const world = await expressWorld({ before: [swallow] });
    const response = await world.browser().post(BACK_CHANNEL, { logout_token: 'a.b.c' });
    expect(response.status).toBe(400);
  });
});
