import type { Account } from '@identity-web/core';
import { systemClock } from '@identity-web/core/provider';
import { Browser, frontChannelUrls, RecordingRegistry } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/index.js';

// End to end over real HTTP on 127.0.0.1: the demo IdP (oidc-provider), the downstream API and
// both example apps, driven like a browser. Every port is ephemeral, so a running `pnpm demo`
// does not get in the way.
const ANY_PORTS = { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 };

async function signInToBoth(demo: Demo, browser: Browser, name: string) {
  for (const app of [demo.urls.koa, demo.urls.hono]) {
    const home = await browser.navigate(`${app}/auth/sign-in?returnTo=/`);
    expect(home.url.href).toBe(`${app}/`);
    expect(home.html).toContain(`Hello ${name}`);
  }
}

function metric(text: string, line: string): number | undefined {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

function jwtParts(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = jwt.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

describe('the demo, back-channel and front-channel logout on', () => {
  let demo: Demo;
  let honoAccount: Account | undefined;
  let honoSessionId: string | undefined;
  // The Hono app's sessions, in a store of this test's own: what a logout notification finds by sid.
  const honoRegistry = new RecordingRegistry(systemClock);
  const browser = new Browser('alice');
  beforeAll(async () => {
    demo = await startDemo({
      ports: ANY_PORTS,
      logLevel: 'silent',
      stores: { hono: { accountRegistry: honoRegistry } },
    });
    demo.apps.hono.identity.on('signedIn', (e) => {
      honoAccount = e.account;
      honoSessionId = e.sessionId;
    });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('signs in to both apps through the IdP, the second one by single sign-on', async () => {
    const before = browser.cookies('127.0.0.1').size;
    await signInToBoth(demo, browser, 'Alice');
    // One login; each app asked for consent once (two clients), the second without a login.
    expect(browser.prompts).toEqual(['login', 'consent', 'consent']);
    // Two host names, two jars: each app's session cookie, named after its port, beside the other's.
    expect(browser.cookies('localhost').has(`iw.session.${new URL(demo.apps.koa.url).port}`)).toBe(true);
    expect(browser.cookies('127.0.0.1').has(`iw.session.${new URL(demo.apps.hono.url).port}`)).toBe(true);
    expect(browser.cookies('127.0.0.1').size).toBeGreaterThan(before);
    // The IdP's session id came with the sign-in: the key of its logout notifications.
    const sid = honoRegistry.sidOf(honoSessionId ?? '');
    expect(sid).toBeTypeOf('string');
    const found = await honoRegistry.findBySid(demo.urls.idp, sid ?? '');
    expect(found.map((e) => e.sessionId)).toEqual([honoSessionId]);
  });

  it('calls the downstream API from both apps with tokens from their caches', async () => {
    for (const [app, clientId] of [
      [demo.urls.koa, 'koa-web-app'],
      [demo.urls.hono, 'hono-web-app'],
    ] as const) {
      const { status, body } = await browser.json(`${app}/call-api`);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        scopes: ['api:read'],
        api: { status: 200, body: { sub: 'alice', scope: 'api:read', client_id: clientId } },
      });
      expect(await browser.cache(app)).toMatchObject({ sessions: 1, cachedAccounts: 1, account: { cached: true } });
    }
  });

  it('refreshes with rotated refresh tokens; each access token is a JWT for the API (useGrantedResource)', async () => {
    const { identity } = demo.apps.hono;
    const account = honoAccount!;
    const first = await identity.acquireToken(account, { scopes: ['api:read'], forceRefresh: true });
    const second = await identity.acquireToken(account, { scopes: ['api:read'], forceRefresh: true });
    expect(second.accessToken).not.toBe(first.accessToken);
    const { header, payload } = jwtParts(second.accessToken);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
    expect(payload).toMatchObject({
      iss: demo.urls.idp,
      aud: 'api://identity-web-demo',
      sub: 'alice',
      scope: 'api:read',
      client_id: 'hono-web-app',
    });
    const whoami = await fetch(`${demo.urls.api}/whoami`, {
      headers: { authorization: `Bearer ${second.accessToken}` },
    });
    expect(whoami.status).toBe(200);
  });

  it('asks the IdP once for a scope not consented at sign-in (incremental consent)', async () => {
    const page = await browser.navigate(`${demo.urls.koa}/call-api?scope=api:write`);
    expect(page.url.href).toBe(`${demo.urls.koa}/call-api?scope=api:write`);
    expect(JSON.parse(page.html)).toMatchObject({
      scopes: ['api:write'],
      api: { status: 200, body: { sub: 'alice', scope: 'api:write', client_id: 'koa-web-app' } },
    });
    expect((await browser.json(`${demo.urls.koa}/call-api?scope=api:write`)).status).toBe(200);
    expect((await browser.json(`${demo.urls.koa}/call-api`)).status).toBe(200);
    // A scope the app is not configured for is refused here, not sent round to the IdP.
    const typo = await browser.json(`${demo.urls.koa}/call-api?scope=api:wrte`);
    expect(typo).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(await browser.cache(demo.urls.koa)).toMatchObject({ sessions: 1, cachedAccounts: 1 });
  });

  it('signing out of Koa empties its cache at once and leaves Hono working until the IdP notifies it', async () => {
    // The sign-out POST alone: removed locally, and on the way to the IdP's end-session endpoint.
    const endSession = await browser.startSignOut(demo.urls.koa); // the POST's 303, not followed
    expect(endSession.origin).toBe(demo.urls.idp);
    expect(await browser.cache(demo.urls.koa)).toEqual({
      sessions: 0,
      cachedAccounts: 0,
      hotIndexAccounts: 0,
      account: null,
    });
    expect(new URL(demo.apps.koa.url).hostname).toBe('localhost'); // its own cookie jar, apart from Hono's
    expect((await browser.json(`${demo.urls.hono}/call-api`)).status).toBe(200);
    expect(await browser.cache(demo.urls.hono)).toMatchObject({ sessions: 1, account: { cached: true } });

    // The IdP's logout page; its iframes are not loaded here, so only the back-channel POST
    // can reach the Hono app.
    const landing = await browser.navigate(endSession, { frames: false });
    expect(landing.url.origin).toBe(demo.urls.koa);
    expect(landing.url.pathname).toBe('/');
    expect(landing.html).toContain('You are not signed in');
  });

  it('the IdP back-channel logout ended the Hono session and removed the account from its cache', async () => {
    expect(await browser.cache(demo.urls.hono)).toEqual({
      sessions: 0,
      cachedAccounts: 0,
      hotIndexAccounts: 0,
      account: null,
    });
    expect(await demo.apps.hono.identity.stats()).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect(await honoRegistry.findBySubject(demo.urls.idp, honoAccount?.subject ?? '')).toEqual([]);
    const call = await browser.request(new URL(`${demo.urls.hono}/call-api`));
    expect(call.status).toBe(302);
    expect(call.headers.get('location')).toMatch(/^\/auth\/sign-in\?/);
    const metrics = await (await browser.request(new URL(`${demo.urls.hono}/metrics`))).text();
    expect(metric(metrics, 'identity_web_sign_outs_total{reason="back-channel"}')).toBe(1);
    expect(metric(metrics, 'identity_web_accounts_removed_total{reason="back-channel"}')).toBe(1);
  });

  it('the IdP session is over: signing in again asks for the login', async () => {
    const again = await browser.request(new URL(`${demo.urls.hono}/auth/sign-in?returnTo=/`));
    const authorize = await browser.request(new URL(again.headers.get('location') ?? ''));
    const interaction = new URL(authorize.headers.get('location') ?? '', demo.urls.idp);
    const page = await (await browser.request(interaction)).text();
    expect(page).toContain('name="prompt" value="login"');
  });

  it('serves Prometheus metrics with the gauges and the counters of what happened', async () => {
    const response = await browser.request(new URL(`${demo.urls.koa}/metrics`), { accept: 'text/plain' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(text).toContain('# TYPE identity_web_sessions gauge');
    expect(metric(text, 'identity_web_sessions')).toBe(0);
    expect(metric(text, 'identity_web_cached_accounts')).toBe(0);
    expect(metric(text, 'identity_web_sign_ins_total')).toBe(2); // the incremental consent was a sign-in too
    expect(metric(text, 'identity_web_sign_outs_total{reason="sign-out"}')).toBe(1);
    expect(metric(text, 'identity_web_accounts_removed_total{reason="sign-out"}')).toBe(1);
    expect(metric(text, 'identity_web_acquire_token_total{outcome="miss"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('the demo, front-channel logout only', () => {
  let demo: Demo;
  const browser = new Browser('bob');
  beforeAll(async () => {
    demo = await startDemo({ ports: ANY_PORTS, backChannel: false, logLevel: 'silent' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('the logout page loads each app of the session with iss and sid, which ends the Hono session', async () => {
    await signInToBoth(demo, browser, 'Bob');
    expect(await browser.cache(demo.urls.hono)).toMatchObject({ sessions: 1, account: { cached: true } });
    const logout = await browser.signOut(demo.urls.koa); // stops on the IdP's logout page
    // An app sent the user with an id_token_hint: the page goes on by itself, as Entra's does.
    expect(logout.html).toContain("document.addEventListener('DOMContentLoaded', signOut);");
    const frames = frontChannelUrls(logout);
    expect(frames.map((u) => `${u.origin}${u.pathname}`).sort()).toEqual(
      [`${demo.urls.hono}/auth/front-channel-logout`, `${demo.urls.koa}/auth/front-channel-logout`].sort(),
    );
    for (const frame of frames) {
      expect(frame.searchParams.get('iss')).toBe(demo.urls.idp);
      expect(frame.searchParams.get('sid')).toMatch(/.+/);
    }
    expect(await browser.cache(demo.urls.hono)).toMatchObject({ sessions: 1 }); // not yet

    for (const frame of frames) expect((await browser.request(frame, { cookies: false })).status).toBe(200);
    expect(await demo.apps.hono.identity.stats()).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    const metrics = await (await browser.request(new URL(`${demo.urls.hono}/metrics`))).text();
    expect(metric(metrics, 'identity_web_sign_outs_total{reason="front-channel"}')).toBe(1);
  });
});
