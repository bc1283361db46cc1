// Two installed copies of @identity-web/core, as version drift leaves them: the app's (with the
// Koa and Hono adapters) and a second one under another folder, used by a second copy of
// @identity-web/oidc. Errors and challenges thrown with the second copy's classes must be
// recognised by the first copy's adapters by their code: 503 and a challenge, never a 500.
//
//   node two-copies.mjs <folder of the second copy>
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as coreA from '@identity-web/core';
import * as honoAdapter from '@identity-web/hono';
import * as koaAdapter from '@identity-web/koa';
import { Hono } from 'hono';
import Koa from 'koa';

const secondCopy = resolve(process.argv[2]);
const requireB = createRequire(join(secondCopy, 'package.json'));
const coreB = await import(pathToFileURL(requireB.resolve('@identity-web/core')).href);
const oidcB = await import(pathToFileURL(requireB.resolve('@identity-web/oidc')).href);

// Really two copies: separate classes, so `instanceof` across them is false.
const requireA = createRequire(import.meta.url);
assert.notEqual(requireA.resolve('@identity-web/core'), requireB.resolve('@identity-web/core'));
const errorB = new coreB.IdentityWebError('idp_unavailable', 'down', { status: 503 });
assert.equal(errorB instanceof coreA.IdentityWebError, false);
assert.equal(coreA.isIdentityWebError(errorB), true, "copy A recognises copy B's error by its code");

/** A loopback port with nothing listening: the second copy's provider fails to reach it. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const issuer = `http://127.0.0.1:${await closedPort()}`;
/** Copy A's instance on copy B's provider, with `option` on top. */
const instanceWith = (option = {}) =>
  coreA.createIdentityWeb({
    identityProvider: oidcB.createOidcProvider({
      issuer,
      clientId: 'app',
      clientSecret: 's',
      allowInsecureRequests: true,
    }),
    baseUrl: 'http://localhost:3000',
    secret: 'a consumer secret of at least 32 characters',
    ...option,
  });
const identity = instanceWith();
// The values that wire code into an instance are taken from the instance's own copy only: one of
// the second copy's would wire classes the instance's container does not know. Refused at creation.
const withOption = (option) => () => instanceWith(option);
assert.throws(
  withOption({ downstreamApis: { orders: coreB.downstreamApi({ baseUrl: 'https://orders.example', scopes: ['a'] }) } }),
  {
    code: 'invalid_option',
    message: /"downstreamApis.orders" was not made by this copy of @identity-web\/core's downstreamApi\(\)/,
  },
);
assert.throws(withOption({ session: { list: coreB.sessionList } }), {
  code: 'invalid_option',
  message: /"session.list" is the sessionList of another copy of @identity-web\/core/,
});
assert.doesNotThrow(withOption({ session: { list: coreA.sessionList } }));
const consent = () => new coreB.InteractionRequiredError('consent needed', { scopes: ['api://orders/read'] });
const BROWSER = { accept: 'text/html', 'sec-fetch-mode': 'navigate' };
const API = { accept: 'application/json' };

function checkAnswers(adapter, signIn, apiCall, navigation) {
  assert.equal(signIn.status, 503, `${adapter}: the unreachable provider (copy B's idp_unavailable) is a 503`);
  assert.equal(apiCall.status, 401, `${adapter}: copy B's InteractionRequiredError is a 401 challenge for an API call`);
  assert.equal(navigation.status, 302, `${adapter}: ... and a redirect to sign-in for a browser`);
  const location = new URL(navigation.headers.get('location'), 'http://localhost:3000');
  assert.equal(location.pathname, '/auth/sign-in');
  assert.match(location.searchParams.get('scope') ?? '', /api:\/\/orders\/read/);
}

// Koa, over a real loopback server.
const koaApp = new Koa();
koaApp.use(koaAdapter.identityWeb(identity));
koaApp.use(() => {
  throw consent();
});
const server = koaApp.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
try {
  const base = `http://127.0.0.1:${server.address().port}`;
  // node:http rather than fetch, which sends its own `sec-fetch-mode: cors`.
  const get = (path, headers) =>
    new Promise((resolve, reject) => {
      httpGet(`${base}${path}`, { headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode, headers: new Headers(res.headers) });
      }).on('error', reject);
    });
  checkAnswers('koa', await get('/auth/sign-in', BROWSER), await get('/orders', API), await get('/orders', BROWSER));
} finally {
  server.close();
}

// Hono, in process.
const honoApp = new Hono();
honoApp.use(honoAdapter.identityWeb(identity));
honoApp.onError(honoAdapter.authErrorHandler());
honoApp.get('/orders', () => {
  throw consent();
});
const request = (path, headers) => honoApp.request(`http://localhost:3000${path}`, { headers });
checkAnswers(
  'hono',
  await request('/auth/sign-in', BROWSER),
  await request('/orders', API),
  await request('/orders', BROWSER),
);
console.log(
  `two copies: errors and challenges of a second core are recognised, its downstreamApi() and sessionList refused, on Node ${process.versions.node}`,
);
