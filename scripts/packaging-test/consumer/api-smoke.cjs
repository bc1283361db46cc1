// The API tier from the installed tarballs, as an API's author writes it: createIdentityWebApi on
// createOidcApiProvider (discovery and keys over loopback HTTP), and each adapter's protectApi on
// one route. A token that meets the requirement reaches the route with its caller; no token is a
// 401 challenge, a missing scope a 403, a token for another audience a 401 invalid_token; the
// same token sent again is let through again.
const assert = require('node:assert/strict');
const { generateKeyPairSync, randomUUID, sign } = require('node:crypto');
const { startProvider } = require('./loopback-provider.cjs');

const AUDIENCE = 'api://orders';
const SCOPE = 'orders.read';

/** A loopback provider with one RSA key, and a maker of its access tokens. */
async function startTokenProvider() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' };
  const { issuer, close } = await startProvider([jwk]);
  /** An RFC 9068 access token of this provider; `claims` add or replace claims. */
  const token = (claims = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = { iss: issuer, aud: AUDIENCE, sub: 'user-1', client_id: 'web-app', jti: randomUUID() };
    const input = `${part({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })}.${part({ ...payload, iat: now, exp: now + 300, scope: SCOPE, ...claims })}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  return { issuer, token, close };
}

/** Sends the cases to `call(headers)` (an adapter's app); every answer is checked. */
async function checkGuard(name, call, provider) {
  const good = provider.token();
  const cases = [
    { why: 'a token that meets the requirement', token: good, status: 200 },
    { why: 'the same token again', token: good, status: 200 },
    { why: 'no token', token: undefined, status: 401, challenge: /^Bearer/ },
    {
      why: 'a token without the scope',
      token: provider.token({ scope: 'other' }),
      status: 403,
      challenge: /insufficient_scope/,
    },
    {
      why: 'a token for another audience',
      token: provider.token({ aud: 'api://other' }),
      status: 401,
      challenge: /invalid_token/,
    },
  ];
  for (const { why, token, status, challenge } of cases) {
    const {
      status: got,
      body,
      authenticate,
    } = await call(token === undefined ? {} : { authorization: `Bearer ${token}` });
    assert.equal(got, status, `${name} protectApi, ${why}: status`);
    if (status === 200) assert.deepEqual(JSON.parse(body), { for: 'user-1', app: 'web-app' }, `${name}: the caller`);
    else assert.match(authenticate ?? '', challenge, `${name} protectApi, ${why}: WWW-Authenticate`);
  }
}

/** An app listening on loopback, called over HTTP. */
async function overHttp(server, run) {
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    await run(async (headers) => {
      const res = await fetch(`${base}/orders`, { headers });
      return { status: res.status, body: await res.text(), authenticate: res.headers.get('www-authenticate') };
    });
  } finally {
    server.close();
  }
}

/** Runs protectApi on Koa, Hono, Express and Fastify from `libs` (the packages, loaded by the caller). */
module.exports = async function apiSmoke(libs) {
  const provider = await startTokenProvider();
  try {
    const api = libs.coreApi.createIdentityWebApi({
      identityProvider: libs.oidc.createOidcApiProvider({
        issuer: provider.issuer,
        clientId: 'orders-api',
        allowInsecureRequests: true,
      }),
      audience: AUDIENCE,
      baseUrl: 'http://localhost:4001',
    });
    const requirement = { scopes: [SCOPE] };
    const caller = (who) => ({ for: who.subject, app: who.clientId });

    const koa = new libs.Koa();
    koa.use(libs.koa.protectApi(api, requirement)).use((ctx) => {
      ctx.body = caller(ctx.state.api);
    });
    await overHttp(koa.listen(0, '127.0.0.1'), (call) => checkGuard('Koa', call, provider));

    const hono = new libs.Hono();
    hono.get('/orders', libs.hono.protectApi(api, requirement), (c) => c.json(caller(c.var.api)));
    await checkGuard(
      'Hono',
      async (headers) => {
        const res = await hono.request('http://localhost:4001/orders', { headers });
        return { status: res.status, body: await res.text(), authenticate: res.headers.get('www-authenticate') };
      },
      provider,
    );

    const express = libs.Express();
    express.get('/orders', libs.express.protectApi(api, requirement), (req, res) => res.json(caller(req.api)));
    await overHttp(express.listen(0, '127.0.0.1'), (call) => checkGuard('Express', call, provider));

    const fastify = libs.Fastify();
    fastify.get('/orders', { preHandler: libs.fastify.protectApi(api, requirement) }, (request) => caller(request.api));
    try {
      await checkGuard(
        'Fastify',
        async (headers) => {
          const res = await fastify.inject({ url: '/orders', headers });
          return { status: res.statusCode, body: res.body, authenticate: res.headers['www-authenticate'] };
        },
        provider,
      );
    } finally {
      await fastify.close();
    }
  } finally {
    provider.close();
  }
};
