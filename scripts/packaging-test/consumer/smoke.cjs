// The runtime checks shared by esm.mjs (packages loaded with `import`) and cjs.cjs (loaded with
// `require`): every entry has its main exports, and a Koa, a Hono, an Express and a Fastify app built from the installed
// tarballs answer a real sign-in with a redirect to the provider, discovered over loopback HTTP, and guard an API's
// route with protectApi (api-smoke.cjs).
const assert = require('node:assert/strict');
const { generateKeyPairSync } = require('node:crypto');
const apiSmoke = require('./api-smoke.cjs');
const { startProvider } = require('./loopback-provider.cjs');

const EXPECTED = {
  core: [
    'createIdentityWeb',
    'downstreamApi',
    'isIdentityWebError',
    'IdentityWebError',
    'InteractionRequiredError',
    'ErrorCode',
  ],
  coreAdapter: ['requestFlow', 'requireAuthFlow', 'errorAnswer', 'apiGuardFlow', 'setCookieHeader', 'WebHttpRequest'],
  coreApi: ['createIdentityWebApi'],
  coreProvider: ['verifyLogoutToken', 'invalidOption', 'accountKeyFor'],
  coreStore: ['IdentityWebError', 'ErrorCode', 'MemorySessionStore', 'MemoryTokenCacheStore'],
  coreSharedSignals: ['securityEventReceiver'],
  koa: ['identityWeb', 'requireAuth', 'protectApi'],
  hono: ['identityWeb', 'requireAuth', 'authErrorHandler', 'protectApi'],
  express: ['identityWeb', 'requireAuth', 'signedIn', 'authErrorHandler', 'protectApi'],
  fastify: ['identityWeb', 'requireAuth', 'authErrorHandler', 'protectApi'],
  oidc: ['createOidcProvider', 'createOidcApiProvider', 'dpopBinding', 'privateKeyJwt'],
  msal: ['createMsalProvider'],
  redis: ['createRedisStores'],
  postgres: ['createPostgresStores', 'migrate', 'migrationScripts'],
};

function checkSignInRedirect(status, location, issuer) {
  assert.equal(status, 302);
  const url = new URL(location);
  assert.equal(`${url.origin}${url.pathname}`, `${issuer}/authorize`);
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.equal(url.searchParams.get('client_id'), 'consumer-app');
}

async function koaSignIn(libs, identity, issuer) {
  const app = new libs.Koa();
  app.use(libs.koa.identityWeb(identity));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const res = await fetch(`${base}/auth/sign-in?returnTo=/orders`, { redirect: 'manual' });
    checkSignInRedirect(res.status, res.headers.get('location'), issuer);
  } finally {
    server.close();
  }
}

async function honoSignIn(libs, identity, issuer) {
  const app = new libs.Hono();
  app.use(libs.hono.identityWeb(identity));
  app.get('/me', libs.hono.requireAuth(), (c) => c.json(c.var.auth.user));
  const res = await app.request('http://localhost:3000/auth/sign-in?returnTo=/orders');
  checkSignInRedirect(res.status, res.headers.get('location'), issuer);
  const api = await app.request('http://localhost:3000/me', { headers: { accept: 'application/json' } });
  assert.equal(api.status, 401, 'an API call without a session is a 401 challenge');
}

async function expressSignIn(libs, identity, issuer) {
  const app = libs.Express();
  app.use(libs.express.identityWeb(identity));
  app.get('/me', libs.express.requireAuth(), (req, res) => res.json(libs.express.signedIn(req).user));
  app.use(libs.express.authErrorHandler());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    const res = await fetch(`${base}/auth/sign-in?returnTo=/orders`, { redirect: 'manual' });
    checkSignInRedirect(res.status, res.headers.get('location'), issuer);
    const api = await fetch(`${base}/me`, { headers: { accept: 'application/json' } });
    assert.equal(api.status, 401, 'an API call without a session is a 401 challenge');
  } finally {
    server.close();
  }
}

async function fastifySignIn(libs, identity, issuer) {
  const app = libs.Fastify();
  await app.register(libs.fastify.identityWeb, { identity });
  app.get('/me', { preHandler: libs.fastify.requireAuth() }, (request) => request.auth.user);
  try {
    const res = await app.inject('/auth/sign-in?returnTo=/orders');
    checkSignInRedirect(res.statusCode, res.headers.location, issuer);
    const api = await app.inject({ url: '/me', headers: { accept: 'application/json' } });
    assert.equal(api.statusCode, 401, 'an API call without a session is a 401 challenge');
  } finally {
    await app.close();
  }
}

/** Runs every check on `libs` (the packages, loaded by the caller); returns the names of the checks run. */
module.exports = async function smoke(libs) {
  for (const [entry, names] of Object.entries(EXPECTED)) {
    for (const name of names) assert.ok(libs[entry][name], `${entry} exports ${name}`);
  }
  if (libs.cloudflare) {
    assert.equal(
      typeof libs.cloudflare.createCloudflareStores,
      'function',
      'cloudflare exports createCloudflareStores',
    );
    assert.equal(
      typeof libs.cloudflare.IdentityWebDurableObject,
      'function',
      'cloudflare exports IdentityWebDurableObject',
    );
  }
  // Construction does no I/O, so this checks the msal-node dependency installed and loads.
  const msal = libs.msal.createMsalProvider({
    tenant: '11111111-2222-3333-4444-555555555555',
    clientId: 'consumer-app',
    clientSecret: 'consumer-secret',
  });
  assert.equal(typeof msal.authorizationUrl, 'function');

  // The values that bring DPoP's and private_key_jwt's code: taken by the provider, which
  // publishes the key's public half only (construction does no I/O).
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const keyed = libs.oidc.createOidcProvider({
    issuer: 'https://idp.example',
    clientId: 'consumer-app',
    clientAuth: libs.oidc.privateKeyJwt([{ ...jwk, kid: 'consumer-2026' }]),
    dpop: libs.oidc.dpopBinding(),
  });
  const { keys } = await keyed.clientJwks();
  assert.deepEqual(
    keys.map((key) => [key.kid, key.alg, 'd' in key]),
    [['consumer-2026', 'ES256', false]],
  );
  assert.throws(() => libs.oidc.createOidcProvider({ issuer: 'https://idp.example', clientId: 'c', dpop: true }), {
    code: 'invalid_option',
    message: /dpop: dpopBinding\(\)/,
  });

  const discovery = await startProvider();
  try {
    const identity = libs.core.createIdentityWeb({
      identityProvider: libs.oidc.createOidcProvider({
        issuer: discovery.issuer,
        clientId: 'consumer-app',
        clientSecret: 'consumer-secret',
        allowInsecureRequests: true,
      }),
      baseUrl: 'http://localhost:3000',
      secret: 'a consumer secret of at least 32 characters',
      // The value that brings callApi's code; the plain form it replaced is refused with the line to write.
      downstreamApis: {
        orders: libs.core.downstreamApi({ baseUrl: 'https://orders.example', scopes: ['orders.read'] }),
      },
    });
    assert.throws(
      () =>
        libs.core.createIdentityWeb({
          identityProvider: libs.oidc.createOidcProvider({
            issuer: discovery.issuer,
            clientId: 'c',
            allowInsecureRequests: true,
          }),
          baseUrl: 'http://localhost:3000',
          secret: 'a consumer secret of at least 32 characters',
          downstreamApis: { orders: { baseUrl: 'https://orders.example', scopes: ['orders.read'] } },
        }),
      { code: 'invalid_option', message: /write orders: downstreamApi\(\{ baseUrl: "https:\/\/orders.example"/ },
    );
    await koaSignIn(libs, identity, discovery.issuer);
    await honoSignIn(libs, identity, discovery.issuer);
    await expressSignIn(libs, identity, discovery.issuer);
    await fastifySignIn(libs, identity, discovery.issuer);
  } finally {
    discovery.close();
  }
  await apiSmoke(libs);
};
