import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backChannelFetch } from '../src/back-channel-delivery.js';
import { type DemoIdp, type DemoIdpOptions, startDemoIdp } from '../src/index.js';
import { logoutPage } from '../src/pages.js';
import { KOA_AUTHORIZATION } from './support/authorization.js';

const SECRET = 'a-client-secret-of-at-least-32-characters';
const koa = { clientId: 'koa-web-app', clientSecret: SECRET, baseUrl: 'http://localhost:4002' };

describe('startDemoIdp', () => {
  let idp: DemoIdp;
  beforeAll(async () => {
    idp = await startDemoIdp({ clients: [koa] });
  });
  afterAll(async () => {
    await idp?.close();
  });

  it('is an OpenID provider on 127.0.0.1 with logout, revocation and RFC 9207', async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const metadata = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    expect(metadata).toMatchObject({
      issuer: idp.issuer,
      end_session_endpoint: `${idp.issuer}/session/end`,
      revocation_endpoint: `${idp.issuer}/token/revocation`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
      authorization_response_iss_parameter_supported: true,
      code_challenge_methods_supported: ['S256'],
    });
    const jwks = await (await fetch(metadata.jwks_uri)).json();
    expect(jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.stringMatching(/^demo-[\w-]{8}$/) }),
    ]);
    expect(jwks.keys[0]).not.toHaveProperty('d'); // the private part stays private
  });

  it('names its signing key anew on each run, so APIs and apps that outlive a restart fetch the new key', async () => {
    const kidOf = async (issuer: string) => {
      const metadata = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
      return ((await (await fetch(metadata.jwks_uri)).json()) as { keys: { kid: string }[] }).keys[0]?.kid;
    };
    const restarted = await startDemoIdp({ clients: [koa] });
    try {
      expect(await kidOf(restarted.issuer)).not.toBe(await kidOf(idp.issuer));
    } finally {
      await restarted.close();
    }
  });

  it('registers every URI of a client under its base URL', () => {
    expect(idp.clients).toEqual([
      {
        clientId: 'koa-web-app',
        clientSecret: SECRET,
        clientAuth: 'client_secret_basic',
        name: 'koa-web-app',
        redirectUris: ['http://localhost:4002/auth/callback'],
        postLogoutRedirectUris: ['http://localhost:4002/auth/signed-out'],
        backChannelLogoutUri: 'http://localhost:4002/auth/back-channel-logout',
        frontChannelLogoutUri: 'http://localhost:4002/auth/front-channel-logout',
      },
    ]);
    expect(idp.api).toEqual({ resource: 'api://identity-web-demo', scopes: ['api:read', 'api:write'] });
  });

  it("registers the callback of one of an app's several providers (identityProviders) under its name", async () => {
    const named = await startDemoIdp({ clients: [{ ...koa, providerName: 'partner' }] });
    try {
      expect(named.clients[0]?.redirectUris).toEqual(['http://localhost:4002/auth/callback/partner']);
      expect(named.clients[0]?.frontChannelLogoutUri).toBe('http://localhost:4002/auth/front-channel-logout');
    } finally {
      await named.close();
    }
  });

  it('refuses an unregistered redirect URI', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams({
      client_id: 'koa-web-app',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://localhost:4002/elsewhere',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<code>invalid_redirect_uri</code>');
    expect(page).not.toContain('elsewhere'); // the error page echoes no request parameter
  });

  it('names its cookies after its port, so two demo IdPs on 127.0.0.1 keep their sessions apart', async () => {
    const url = new URL(`${idp.issuer}/auth`);
    url.search = new URLSearchParams(KOA_AUTHORIZATION).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const names = response.headers.getSetCookie().map((line) => line.slice(0, line.indexOf('=')));
    const { port } = new URL(idp.issuer);
    expect(names).toContain(`_interaction.${port}`);
    expect(names.filter((name) => !name.endsWith(`.${port}`) && !name.endsWith(`.${port}.sig`))).toEqual([]);
  });
});

describe('client authentication methods', () => {
  let idp: DemoIdp;
  const app = (clientId: string, port: number) => ({
    clientId,
    clientSecret: SECRET,
    baseUrl: `http://localhost:${port}`,
  });
  beforeAll(async () => {
    idp = await startDemoIdp({
      clients: [
        app('basic', 4101),
        { ...app('post', 4102), clientAuth: 'client_secret_post' },
        { ...app('jwt', 4103), clientAuth: 'client_secret_jwt' },
        { clientId: 'public', baseUrl: 'http://localhost:4104', clientAuth: 'none' },
      ],
    });
  });
  afterAll(async () => {
    await idp?.close();
  });

  /** A code exchange with a made-up code: `invalid_grant` once the client is authenticated, `invalid_client` if not. */
  async function redeem(form: Record<string, string>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: 'made-up',
      code_verifier: 'v'.repeat(43),
      ...form,
    });
    const response = await fetch(`${idp.issuer}/token`, { method: 'POST', headers, body });
    return ((await response.json()) as { error: string }).error;
  }
  const basic = (id: string, secret: string) => ({
    authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`,
  });
  const hs256 = (id: string, secret: string) => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const input = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ iss: id, sub: id, aud: idp.issuer, jti: randomUUID(), iat: now, exp: now + 60 })}`;
    return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
  };

  it('registers each client with its method', () => {
    expect(idp.clients.map((c) => [c.clientId, c.clientAuth, c.clientSecret])).toEqual([
      ['basic', 'client_secret_basic', SECRET],
      ['post', 'client_secret_post', SECRET],
      ['jwt', 'client_secret_jwt', SECRET],
      ['public', 'none', undefined],
    ]);
  });

  it('authenticates each client by its method', async () => {
    const redirect = (port: number) => ({ redirect_uri: `http://localhost:${port}/auth/callback` });
    // oidc-provider takes the secret of client_secret_basic and client_secret_post clients from
    // either place (Authorization header or form); a client registered for one still sends it there.
    expect(await redeem(redirect(4101), basic('basic', SECRET))).toBe('invalid_grant');
    expect(await redeem({ ...redirect(4101), client_id: 'basic' })).toBe('invalid_client');
    expect(await redeem({ ...redirect(4102), client_id: 'post', client_secret: SECRET })).toBe('invalid_grant');
    expect(await redeem({ ...redirect(4102), client_id: 'post', client_secret: `${SECRET}!` })).toBe('invalid_client');
    const assertion = { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' };
    expect(await redeem({ ...redirect(4103), ...assertion, client_assertion: hs256('jwt', SECRET) })).toBe(
      'invalid_grant',
    );
    expect(await redeem({ ...redirect(4103), ...assertion, client_assertion: hs256('jwt', `${SECRET}!`) })).toBe(
      'invalid_client',
    );
    expect(await redeem(redirect(4103), basic('jwt', SECRET))).toBe('invalid_client'); // the secret itself: no
    expect(await redeem({ ...redirect(4104), client_id: 'public' })).toBe('invalid_grant');
  });
});

/** What the token endpoint answers a code redemption or a refresh-token grant. */
interface TokenResponse {
  readonly access_token: string;
  readonly id_token: string;
  readonly refresh_token: string;
  readonly scope: string;
}

const KOA_CREDENTIALS = { authorization: `Basic ${Buffer.from(`${koa.clientId}:${SECRET}`).toString('base64')}` };

/** The claims of a JWT, unverified: what the provider put in it. */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/**
 * What the client `koa-web-app` does to sign `login` in: the authorization request (PKCE, no
 * `resource`, as identity-web sends it), the dev login and consent forms with a cookie jar, and
 * the code's redemption.
 */
async function signIn(idp: DemoIdp, login: string): Promise<TokenResponse> {
  const jar = new Map<string, string>();
  const send = async (url: URL, form?: Record<string, string>) => {
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const body = form === undefined ? undefined : new URLSearchParams(form);
    const response = await fetch(url, { method: body ? 'POST' : 'GET', headers: { cookie }, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split(/=(.*)/);
      if (value === '' || /expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  };
  const [redirectUri = ''] = idp.clients[0]?.redirectUris ?? [];
  const verifier = randomBytes(32).toString('base64url');
  let url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: koa.clientId,
    response_type: 'code',
    scope: 'openid profile offline_access api:read',
    redirect_uri: redirectUri,
    nonce: randomUUID(),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  let form: Record<string, string> | undefined;
  for (let hop = 0; hop < 10 && !url.href.startsWith(redirectUri); hop++) {
    const response = await send(url, form);
    const location = response.headers.get('location');
    if (location !== null) {
      [url, form] = [new URL(location, url), undefined];
      continue;
    }
    // The dev login or consent form, answered as a user would.
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1] ?? '';
    form = { prompt, ...(prompt === 'login' ? { login, password: 'any' } : {}) };
    url = new URL(/<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '', url);
  }
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: KOA_CREDENTIALS,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: url.searchParams.get('code') ?? '',
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as TokenResponse;
}

async function userInfo(idp: DemoIdp, accessToken: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${idp.issuer}/me`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: response.status, body: await response.json() };
}

describe('where the profile claims of a sign-in go', () => {
  const idps: DemoIdp[] = [];
  const start = async (options: Partial<DemoIdpOptions> = {}) => {
    const idp = await startDemoIdp({ clients: [koa], ...options });
    idps.push(idp);
    return idp;
  };
  afterAll(async () => {
    await Promise.all(idps.map((idp) => idp.close()));
  });

  it("by default: into the ID token, the code exchange giving the API's token, which UserInfo refuses", async () => {
    const idp = await start();
    const tokens = await signIn(idp, 'alice.smith');
    expect(claimsOf(tokens.id_token)).toMatchObject({ sub: 'alice.smith', name: 'Alice Smith' });
    expect(claimsOf(tokens.access_token)).toMatchObject({ aud: idp.api.resource, scope: 'api:read' });
    expect(await userInfo(idp, tokens.access_token)).toMatchObject({ status: 401, body: { error: 'invalid_token' } });
  });

  it('with interop.profileClaimsInUserInfoOnly: into UserInfo only, the code exchange giving the token for it', async () => {
    const idp = await start({ interop: { profileClaimsInUserInfoOnly: true } });
    const tokens = await signIn(idp, 'alice.smith');
    const idToken = claimsOf(tokens.id_token);
    expect(idToken.sub).toBe('alice.smith');
    expect(idToken).not.toHaveProperty('name');
    expect(idToken).not.toHaveProperty('preferred_username');
    expect(tokens.scope.split(' ').sort()).toEqual(['openid', 'profile']);
    expect(await userInfo(idp, tokens.access_token)).toEqual({
      status: 200,
      body: { sub: 'alice.smith', name: 'Alice Smith', preferred_username: 'alice.smith' },
    });

    // The API's token comes from the refresh token, as identity-web asks for it on the first API call.
    const refresh = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: KOA_CREDENTIALS,
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token,
        scope: 'api:read',
      }),
    });
    const refreshed = (await refresh.json()) as TokenResponse;
    expect(claimsOf(refreshed.access_token)).toMatchObject({ aud: idp.api.resource, scope: 'api:read' });
  });
});

describe('startDemoIdp options', () => {
  it.each([
    [{ clients: [{ ...koa, clientSecret: 'short' }] }, /"clients\[0\]\.clientSecret" must be at least 32/],
    [{ clients: [{ ...koa, baseUrl: 'http://app.example.com' }] }, /"clients\[0\]\.baseUrl" must be an http origin/],
    [
      { clients: [{ ...koa, moreBaseUrls: ['http://localhost:4004', 'https://localhost:4005'] }] },
      /"clients\[0\]\.moreBaseUrls\[1\]" must be an http origin/,
    ],
    [
      { clients: [{ ...koa, moreBaseUrls: 'http://localhost:4004' as unknown as string[] }] },
      /"clients\[0\]\.moreBaseUrls" must be a list/,
    ],
    [{ clients: [{ ...koa, clientAuth: 'none' as const }] }, /"clients\[0\]\.clientSecret" must be left out/],
    [{ clients: [{ ...koa, clientAuth: 'tls_client_auth' as 'none' }] }, /"clients\[0\]\.clientAuth" must be one of/],
    [{ clients: [{ ...koa, providerName: 'a/b' }] }, /"clients\[0\]\.providerName" must be 1 to 32/],
    [{ clients: [koa, koa] }, /distinct client ids/],
    [{ clients: [koa], api: { scopes: [] } }, /"api\.scopes"/],
    [{ clients: [koa], port: 70_000 }, /"port"/],
  ])('refuses %j', async (options, message) => {
    await expect(startDemoIdp(options)).rejects.toThrow(message);
  });
});

describe('the logout page', () => {
  const form =
    '<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>';
  const targets = [{ name: 'Koa <app>', url: 'http://localhost:4002/auth/front-channel-logout?iss=i&sid=</script>' }];

  it('loads the front-channel URLs and confirms by itself when an app sent the user (id_token_hint)', () => {
    const html = logoutPage(targets, form, { auto: true, timeoutMs: 3000 });
    expect(html).toContain('<input type="hidden" name="logout" value="yes" form="op.logoutForm">');
    expect(html).toContain("document.addEventListener('DOMContentLoaded', signOut);");
    expect(html).toContain('setTimeout(finish, 3000)');
    expect(html).not.toContain('onclick="signOut()"');
  });

  it('asks first when nothing proves an app sent the user', () => {
    const html = logoutPage(targets, form, { auto: false, timeoutMs: 3000 });
    expect(html).toContain('onclick="signOut()">Yes, sign me out</button>');
    expect(html).not.toContain("addEventListener('DOMContentLoaded', signOut)");
  });

  it('escapes app names and keeps URLs from closing their script element', () => {
    const html = logoutPage(targets, form, { auto: true, timeoutMs: 3000 });
    expect(html).toContain('<li>Koa &#60;app&#62;</li>');
    expect(html).not.toContain('sid=</script>');
    expect(html).toContain('sid=\\u003c/script>');
  });
});

describe('back-channel delivery', () => {
  let received: { url: string | undefined; headers: IncomingHttpHeaders; body: string }[];
  let app: ReturnType<typeof createServer>;
  let uri: string;
  beforeAll(async () => {
    received = [];
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ url: req.url, headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    uri = `http://localhost:${(app.address() as AddressInfo).port}/auth/back-channel-logout`;
  });
  afterAll(() => new Promise((resolve) => app.close(resolve)));

  const form = () => ({ body: new URLSearchParams({ logout_token: 'a.b.c' }) });

  it('POSTs the logout token to a registered URI over real HTTP on 127.0.0.1, Host as registered', async () => {
    const response = await backChannelFetch(new Set([uri]), true, () => {})(uri, form());
    expect(response.status).toBe(200);
    expect(received.at(-1)).toMatchObject({
      url: '/auth/back-channel-logout',
      headers: { host: new URL(uri).host, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=a.b.c',
    });
  });

  it('refuses any other outgoing request', async () => {
    const fetch = backChannelFetch(new Set([uri]), true, () => {});
    await expect(fetch('http://127.0.0.1:1/jwks', form())).rejects.toThrow(TypeError);
    await expect(fetch(uri, {})).rejects.toThrow(TypeError);
  });

  it('sends nothing when switched off, and says so', async () => {
    const lines: string[] = [];
    const before = received.length;
    const response = await backChannelFetch(new Set([uri]), false, (l) => lines.push(l))(uri, form());
    expect(response.status).toBe(204);
    expect(received).toHaveLength(before);
    expect(lines).toEqual([`back-channel logout is switched off: nothing sent to ${uri}`]);
  });
});
