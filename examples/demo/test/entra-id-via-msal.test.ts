import { randomBytes } from 'node:crypto';
import { FAKE_ENTRA, FakeEntra, type FakeUser, makeUser } from '@identity-web/msal/testing';
import {
  Browser,
  freePort,
  type Page,
  type RunningWebApp,
  type StartWebApp,
} from '@identity-web-examples/example-support';
import { startHonoWebApp } from '@identity-web-examples/hono-web-app';
import { startKoaWebApp } from '@identity-web-examples/koa-web-app';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiStub, startApiStub } from './support/api-stub.js';

// Each example app signing users in with Microsoft Entra ID through @identity-web/msal, chosen
// and configured by environment variables only. Entra is @identity-web/msal's fake behind MSW:
// it answers the apps' outgoing fetches to login.microsoftonline.com; everything on 127.0.0.1
// (this test's browser → the app, the app → the API stub) passes through to real servers.

const API_SCOPE = 'api://orders/read';
const EXTRA_SCOPE = 'api://orders/write';
const SIGNED_OUT = { sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 };

const entra = new FakeEntra(); // tenant FAKE_ENTRA.tenantId on login.microsoftonline.com
/** Requests that would have left 127.0.0.1 without the fake answering them. */
const escaped: string[] = [];
const msw = setupServer(...entra.handlers());
let api: ApiStub;
beforeAll(async () => {
  msw.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname === '127.0.0.1') return; // bypass
      escaped.push(`${request.method} ${request.url}`);
      print.error();
    },
  });
  // The fake's access tokens name their user: the API answers whose token it got.
  api = await startApiStub((token) => ({ status: 200, body: { owner: entra.accessTokenOwner(token) ?? null } }));
});
afterAll(async () => {
  await api?.close();
  msw.close();
});

function environment(port: number): Record<string, string> {
  return {
    IDENTITY_WEB_IDP: 'msal',
    IDENTITY_WEB_TENANT: FAKE_ENTRA.tenantId,
    IDENTITY_WEB_CLIENT_ID: FAKE_ENTRA.clientId,
    IDENTITY_WEB_CLIENT_SECRET: FAKE_ENTRA.clientSecret,
    IDENTITY_WEB_BASE_URL: `http://127.0.0.1:${port}`,
    IDENTITY_WEB_SECRET: randomBytes(32).toString('base64url'),
    IDENTITY_WEB_LOG_LEVEL: 'silent',
    DOWNSTREAM_API_URL: api.url,
    DOWNSTREAM_API_SCOPES: API_SCOPE,
    DOWNSTREAM_API_EXTRA_SCOPES: EXTRA_SCOPE,
    PORT: String(port),
  };
}

const grantTypes = (from: number) => entra.tokenRequests.slice(from).map((r) => r.body.get('grant_type'));

describe.each([
  { name: 'Koa web app', start: startKoaWebApp as StartWebApp, firstUser: 1 },
  { name: 'Hono web app', start: startHonoWebApp as StartWebApp, firstUser: 11 },
])('$name on Microsoft Entra ID (IDENTITY_WEB_IDP=msal)', ({ start, firstUser }) => {
  let app: RunningWebApp;
  const user = makeUser(firstUser);
  const browser = new Browser();
  beforeAll(async () => {
    app = await start(environment(await freePort()));
  });
  afterAll(async () => {
    await app?.close();
  });

  /** The app's sign-in → Entra's /authorize (the fake plays the user there) → the app's callback. */
  async function signIn(client: Browser, who: FakeUser): Promise<{ authorize: URL; home: Page }> {
    const started = await client.request(new URL(`${app.url}/auth/sign-in?returnTo=/`));
    expect(started.status).toBe(302);
    const authorize = new URL(started.headers.get('location') ?? '');
    const callback = new URL(authorize.searchParams.get('redirect_uri') ?? '');
    callback.search = entra.authorize(authorize, who).toString();
    return { authorize, home: await client.navigate(callback) };
  }

  it('sends the browser to the tenant’s authorize endpoint and signs the Entra user in', async () => {
    const before = entra.tokenRequests.length;
    const { authorize, home } = await signIn(browser, user);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(
      `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/oauth2/v2.0/authorize`,
    );
    expect(authorize.searchParams.get('client_id')).toBe(FAKE_ENTRA.clientId);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${app.url}/auth/callback`);
    expect(authorize.searchParams.get('scope')?.split(' ')).toContain(API_SCOPE);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('client_info')).toBe('1');

    expect(home.url.href).toBe(`${app.url}/`);
    expect(home.html).toContain(`Hello ${user.name}`);
    expect(home.html).toContain(`<td>${user.username}</td>`);
    expect(home.html).toContain(`<td>${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/v2.0</td>`);
    expect(home.html).toContain(`<code>${user.homeAccountId}</code>`);

    expect(grantTypes(before)).toEqual(['authorization_code']);
    const redemption = entra.tokenRequests[before]?.body;
    expect(redemption?.get('client_secret')).toBe(FAKE_ENTRA.clientSecret);
    expect(redemption?.get('redirect_uri')).toBe(`${app.url}/auth/callback`);
    expect(await browser.cache(app.url)).toMatchObject({
      sessions: 1,
      cachedAccounts: 1,
      account: { key: user.homeAccountId, cached: true },
    });
  });

  it('/call-api sends the API the token Entra issued at sign-in; another resource comes by refresh token', async () => {
    const before = entra.tokenRequests.length;
    const first = await browser.json(`${app.url}/call-api`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      scopes: expect.arrayContaining([API_SCOPE]),
      api: { url: api.url, status: 200, body: { owner: user.homeAccountId } },
    });
    expect(grantTypes(before)).toEqual([]); // from the token cache

    const second = await browser.json(`${app.url}/call-api?scope=${encodeURIComponent(EXTRA_SCOPE)}`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      scopes: expect.arrayContaining([EXTRA_SCOPE]),
      api: { status: 200, body: { owner: user.homeAccountId } },
    });
    expect(grantTypes(before)).toEqual(['refresh_token']);
    expect(entra.tokenRequests.at(-1)?.body.get('scope')?.split(' ')).toContain(EXTRA_SCOPE);
    const [fromSignIn, fromRefresh] = api.tokens.slice(-2);
    expect(fromRefresh).not.toBe(fromSignIn);
  });

  it('signing out sends the browser to Entra’s logout endpoint and leaves nothing in the token cache', async () => {
    const logout = await browser.startSignOut(app.url);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}/oauth2/v2.0/logout`);
    const postLogout = logout.searchParams.get('post_logout_redirect_uri');
    expect(postLogout).toBe(`${app.url}/auth/signed-out`);
    expect(logout.searchParams.get('logout_hint')).toBe(user.loginHint);
    expect(await app.identity.stats()).toEqual(SIGNED_OUT);
    expect(await app.identity.hasAccount(user.homeAccountId)).toBe(false);

    // Entra signs the user out and sends the browser back with the state.
    const back = new URL(postLogout ?? '');
    back.searchParams.set('state', logout.searchParams.get('state') ?? '');
    const landing = await browser.navigate(back);
    expect(landing.url.href).toBe(`${app.url}/`);
    expect(landing.html).toContain('You are not signed in');
  });

  it('front-channel logout with Entra’s sid alone, from a cookie-less client, ends that session and its partition', async () => {
    const [leaving, staying] = [makeUser(firstUser + 1), makeUser(firstUser + 2)];
    const [leavingBrowser, stayingBrowser] = [new Browser(), new Browser()];
    for (const [client, who] of [
      [leavingBrowser, leaving],
      [stayingBrowser, staying],
    ] as const) {
      expect((await signIn(client, who)).home.html).toContain(`Hello ${who.name}`);
      expect((await client.json(`${app.url}/call-api`)).status).toBe(200);
    }
    expect(await app.identity.stats()).toEqual({ sessions: 2, cachedAccounts: 2, hotIndexAccounts: 2 });

    const iframe = new Browser(); // Entra's logout page frames the URL: no cookie of the app
    const frontChannel = (sid: string) =>
      iframe.request(new URL(`${app.url}/auth/front-channel-logout?sid=${encodeURIComponent(sid)}`));
    expect((await frontChannel(makeUser(999).sid)).status).toBe(200);
    expect(await app.identity.stats()).toMatchObject({ sessions: 2, cachedAccounts: 2 }); // nobody's sid

    expect((await frontChannel(leaving.sid)).status).toBe(200);
    expect(await app.identity.stats()).toEqual({ sessions: 1, cachedAccounts: 1, hotIndexAccounts: 1 });
    expect(await app.identity.hasAccount(leaving.homeAccountId)).toBe(false);
    expect(await app.identity.hasAccount(staying.homeAccountId)).toBe(true);
    expect(await leavingBrowser.cache(app.url)).toMatchObject({ account: null });
    expect((await leavingBrowser.json(`${app.url}/call-api`)).status).toBe(401);
    expect(await stayingBrowser.json(`${app.url}/call-api`)).toMatchObject({
      status: 200,
      body: { api: { body: { owner: staying.homeAccountId } } },
    });
  });
});

it('sent nothing off 127.0.0.1 that the fake Entra did not answer', () => {
  expect(escaped).toEqual([]);
  expect(entra.tokenRequests.length).toBeGreaterThan(0);
});
