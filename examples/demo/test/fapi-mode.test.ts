import type { Account } from '@identity-web/core';
import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, fapiByDefault, startDemo } from '../src/index.js';

// The demo in FAPI 2.0 mode (`pnpm demo --fapi`), over real HTTP on 127.0.0.1, driven like a
// browser: pushed authorization requests, private_key_jwt with the keys the IdPs made for this
// run, and DPoP-bound tokens that the API takes with a proof only. Every port is ephemeral.
const ANY_PORTS = { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, partner: 0 };

function jwtParts(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = jwt.split('.');
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

describe('IDENTITY_WEB_DEMO_FAPI, the default of startDemo({ fapi })', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['false', false],
    ['1', true],
    ['true', true],
  ])('%j turns FAPI 2.0 mode %s', (value, on) => {
    expect(fapiByDefault({ IDENTITY_WEB_DEMO_FAPI: value })).toBe(on);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => fapiByDefault({ IDENTITY_WEB_DEMO_FAPI: 'yes' })).toThrow(/IDENTITY_WEB_DEMO_FAPI must be 1/);
  });
});

describe('the demo in FAPI 2.0 mode (startDemo({ fapi: true }))', () => {
  let demo: Demo;
  let koaAccount: Account | undefined;
  const browser = new Browser('alice');
  beforeAll(async () => {
    demo = await startDemo({ fapi: true, partner: true, ports: ANY_PORTS, logLevel: 'silent' });
    demo.apps.koa.identity.on('signedIn', (e) => {
      koaAccount = e.account;
    });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('runs FAPI 2.0 authorization servers: PAR required, DPoP, private_key_jwt, the iss response parameter', async () => {
    expect(demo.fapi).toBe(true);
    for (const issuer of [demo.urls.idp, demo.urls.partner]) {
      const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      expect(metadata).toMatchObject({
        issuer,
        pushed_authorization_request_endpoint: `${issuer}/request`,
        require_pushed_authorization_requests: true,
        dpop_signing_alg_values_supported: expect.arrayContaining(['ES256']),
        authorization_response_iss_parameter_supported: true,
        token_endpoint_auth_methods_supported: expect.arrayContaining(['private_key_jwt']),
      });
    }
    // No client secrets: each app has the private key the IdP made for it.
    for (const client of [demo.clients.koa, demo.clients.hono]) {
      expect(client.clientSecret).toBeUndefined();
      expect(client.privateKey).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', d: expect.any(String) });
    }
  });

  it('the API refuses a Bearer token and challenges for DPoP', async () => {
    const response = await fetch(`${demo.urls.api}/whoami`, { headers: { authorization: 'Bearer not-a-token' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^DPoP /);
  });

  it('signs in to Koa with a pushed authorization request: the browser carries only client_id and request_uri', async () => {
    const signIn = await browser.request(new URL(`${demo.urls.koa}/auth/sign-in?returnTo=%2F&provider=work`));
    expect(signIn.status).toBe(302);
    const authorize = new URL(signIn.headers.get('location') ?? '');
    expect(authorize.origin).toBe(demo.urls.idp);
    expect([...authorize.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(authorize.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);

    const home = await browser.navigate(authorize);
    expect(home.url.href).toBe(`${demo.urls.koa}/`);
    expect(home.html).toContain('Hello Alice');
    expect(browser.prompts).toEqual(['login', 'consent']);
  });

  it('calls the API with a DPoP-bound token (private_key_jwt at the token endpoint, nonces answered)', async () => {
    const { status, body } = await browser.json(`${demo.urls.koa}/call-api`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      scopes: ['api:read'],
      api: { status: 200, body: { sub: 'alice', scope: 'api:read', client_id: 'koa-web-app' } },
    });
  });

  it("the app's tokens are DPoP-bound JWTs signed ES256; a bound token sent as Bearer is refused", async () => {
    const token = await demo.apps.koa.identity.acquireToken(koaAccount!, { scopes: ['api:read'], forceRefresh: true });
    expect(token.tokenType).toBe('DPoP');
    expect(token.dpopProof).toBeTypeOf('function');
    const { header, payload } = jwtParts(token.accessToken);
    expect(header).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    expect(payload).toMatchObject({ iss: demo.urls.idp, sub: 'alice', client_id: 'koa-web-app' });
    expect((payload.cnf as { jkt?: unknown } | undefined)?.jkt).toMatch(/^[\w-]{43}$/);
    const asBearer = await fetch(`${demo.urls.api}/whoami`, {
      headers: { authorization: `Bearer ${token.accessToken}` },
    });
    expect(asBearer.status).toBe(401);
  });

  it('single sign-on into Hono, and its API call, in FAPI 2.0 mode too', async () => {
    const home = await browser.navigate(`${demo.urls.hono}/auth/sign-in?returnTo=/`);
    expect(home.url.href).toBe(`${demo.urls.hono}/`);
    expect(home.html).toContain('Hello Alice');
    expect(browser.prompts).toEqual(['login', 'consent', 'consent']);
    const { status, body } = await browser.json(`${demo.urls.hono}/call-api`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ api: { status: 200, body: { sub: 'alice', client_id: 'hono-web-app' } } });
  });

  it('asks the IdP once for a scope not consented at sign-in: another pushed request, then the API answers', async () => {
    const page = await browser.navigate(`${demo.urls.koa}/call-api?scope=api:write`);
    expect(page.url.href).toBe(`${demo.urls.koa}/call-api?scope=api:write`);
    expect(JSON.parse(page.html)).toMatchObject({
      scopes: ['api:write'],
      api: { status: 200, body: { sub: 'alice', scope: 'api:write', client_id: 'koa-web-app' } },
    });
  });

  it('signs in to Koa with the partner IdP (FAPI 2.0 as well) and calls the API with its token', async () => {
    const bob = new Browser('bob');
    const home = await bob.navigate(`${demo.urls.koa}/auth/sign-in?returnTo=%2F&provider=partner`);
    expect(home.url.href).toBe(`${demo.urls.koa}/`);
    expect(home.html).toContain(`<tr><th>issuer</th><td>${demo.urls.partner}</td></tr>`);
    const { status, body } = await bob.json(`${demo.urls.koa}/call-api`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ api: { status: 200, body: { sub: 'bob', client_id: 'koa-web-app' } } });
  });

  it('a sign-out at Koa reaches Hono by back-channel: its ES256 logout token passes the FAPI 2.0 rules', async () => {
    const landing = await browser.signOut(demo.urls.koa, { frames: false });
    expect(landing.url.href).toBe(`${demo.urls.koa}/`);
    expect(landing.html).toContain('You are not signed in');
    expect(await browser.cache(demo.urls.hono)).toEqual({
      sessions: 0,
      cachedAccounts: 0,
      hotIndexAccounts: 0,
      account: null,
    });
  });
});
