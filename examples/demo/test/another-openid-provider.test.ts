import { randomBytes } from 'node:crypto';
import { Browser, freePort, type RunningWebApp, type StartWebApp } from '@identity-web-examples/example-support';
import { startHonoWebApp } from '@identity-web-examples/hono-web-app';
import { startKoaWebApp } from '@identity-web-examples/koa-web-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AnotherOpenIdProvider,
  ORDERS_SCOPE,
  type RegisteredApp,
  startAnotherOpenIdProvider,
  TENANT_PATH,
} from './support/another-openid-provider.js';
import { type ApiStub, startApiStub } from './support/api-stub.js';

// Each example app against an OpenID provider that is not the demo IdP, configured by its
// environment variables and nothing else: real oidc-provider, real HTTP on 127.0.0.1.

interface ExampleApp extends RegisteredApp {
  readonly name: string;
  readonly start: StartWebApp;
  readonly port: number;
  /** Who signs in to it (oidc-provider's dev login takes any name as the subject). */
  readonly login: string;
}

const secret = () => randomBytes(32).toString('base64url');

/** Distinct free ports: the provider registers the apps' URLs before they start. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count && attempt < 20; attempt++) ports.add(await freePort());
  if (ports.size < count) throw new Error(`no ${count} distinct free ports`);
  return [...ports];
}

const [koaPort = 0, honoPort = 0] = await freePorts(2);
const APPS: readonly ExampleApp[] = [
  { name: 'Koa web app', start: startKoaWebApp, port: koaPort, clientId: 'koa-web-app', login: 'carol' },
  { name: 'Hono web app', start: startHonoWebApp, port: honoPort, clientId: 'hono-web-app', login: 'dave' },
].map((app) => ({ ...app, clientSecret: secret(), baseUrl: `http://127.0.0.1:${app.port}` }));

let op: AnotherOpenIdProvider;
let api: ApiStub;
beforeAll(async () => {
  op = await startAnotherOpenIdProvider(APPS);
  // The API accepts a token the provider says is active, and answers with what it learnt.
  api = await startApiStub(async (token) => {
    const info = await op.introspect(token);
    if (info.active !== true) return { status: 401, body: { error: 'invalid_token' } };
    const { sub, client_id, scope, iss } = info;
    return { status: 200, body: { sub, client_id, scope, iss } };
  });
});
afterAll(async () => {
  await api?.close();
  await op?.close();
});

/** The example app's whole configuration: the variables an operator would set. */
function environment(app: ExampleApp): Record<string, string> {
  return {
    IDENTITY_WEB_IDP: 'oidc',
    IDENTITY_WEB_ISSUER: op.issuer,
    IDENTITY_WEB_CLIENT_ID: app.clientId,
    IDENTITY_WEB_CLIENT_SECRET: app.clientSecret,
    IDENTITY_WEB_BASE_URL: app.baseUrl,
    IDENTITY_WEB_SECRET: secret(),
    IDENTITY_WEB_LOG_LEVEL: 'silent',
    DOWNSTREAM_API_URL: api.url,
    DOWNSTREAM_API_SCOPES: ORDERS_SCOPE,
    PORT: String(app.port),
  };
}

it('the API stub refuses a token the provider did not issue', async () => {
  const response = await fetch(api.url, { headers: { authorization: 'Bearer not-issued-by-the-provider' } });
  expect(response.status).toBe(401);
});

describe.each(APPS)('$name against another OpenID provider, from its environment only', (example) => {
  let app: RunningWebApp;
  const browser = new Browser(example.login);
  beforeAll(async () => {
    app = await example.start(environment(example));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('discovers the provider under its issuer path and signs in through its login and consent pages', async () => {
    const before = op.requests.length;
    const home = await browser.navigate(`${app.url}/auth/sign-in?returnTo=/`);
    expect(home.url.href).toBe(`${app.url}/`);
    expect(home.html).toContain(`Hello ${example.login}`);
    expect(home.html).toContain(`<td>${op.issuer}</td>`);
    expect(browser.prompts).toEqual(['login', 'consent']);
    const served = op.requests.slice(before);
    expect(served).toContain(`GET ${TENANT_PATH}/.well-known/openid-configuration`);
    expect(served).toContain(`POST ${TENANT_PATH}/token`);
    expect(served.filter((r) => !r.includes(` ${TENANT_PATH}/`))).toEqual([]);
    expect(await browser.cache(app.url)).toMatchObject({ sessions: 1, cachedAccounts: 1, account: { cached: true } });
  });

  it('calls the API with the opaque access token from the token cache, which the API introspects', async () => {
    const { status, body } = await browser.json(`${app.url}/call-api`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scopes: expect.arrayContaining([ORDERS_SCOPE]),
      api: {
        url: api.url,
        status: 200,
        body: {
          sub: example.login,
          client_id: example.clientId,
          iss: op.issuer,
          scope: expect.stringContaining(ORDERS_SCOPE),
        },
      },
    });
    expect(api.tokens.at(-1)).not.toContain('.'); // opaque, not a JWT
  });

  it('signs out at the provider (RP-initiated): no session and no cached account left', async () => {
    const endSession = await browser.startSignOut(app.url);
    expect(endSession.href.startsWith(`${op.issuer}/`)).toBe(true);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${app.url}/auth/signed-out`);
    expect(await app.identity.stats()).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });

    // The provider's own logout page, confirmed; it sends the browser back to the app.
    const landing = await browser.navigate(endSession, { frames: false });
    expect(landing.url.href).toBe(`${app.url}/`);
    expect(landing.html).toContain('You are not signed in');
    expect(await app.identity.stats()).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0 });
    expect((await browser.json(`${app.url}/call-api`)).status).toBe(401);
  });
});
