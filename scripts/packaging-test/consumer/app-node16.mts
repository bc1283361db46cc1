// Type-checked with `module`/`moduleResolution` node16 (tsconfig.node16.json): an ES module app
// using the main APIs of every package, and the testing entries.
import {
  createIdentityWeb,
  downstreamApi,
  type IdentityWeb,
  InteractionRequiredError,
  isIdentityWebError,
} from '@identity-web/core';
import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import { type IdentityProvider, systemClock } from '@identity-web/core/provider';
import { MemorySessionStore, type SessionStore } from '@identity-web/core/store';
import { FakeIdentityProvider } from '@identity-web/core/testing';
import {
  authErrorHandler as expressAuthErrors,
  identityWeb as expressIdentityWeb,
  requireAuth as expressRequireAuth,
  signedIn,
} from '@identity-web/express';
import {
  identityWeb as fastifyIdentityWeb,
  requireAuth as fastifyRequireAuth,
  type SignedInRoute,
} from '@identity-web/fastify';
import { identityWeb as honoIdentityWeb, type IdentityWebEnv } from '@identity-web/hono';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import { createMsalProvider } from '@identity-web/msal';
import { FakeEntra } from '@identity-web/msal/testing';
import { createOidcProvider, dpopBinding, privateKeyJwt } from '@identity-web/oidc';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { createPostgresStores, type PostgresStores } from '@identity-web/postgres';
import { createRedisStores, type RedisStores } from '@identity-web/redis';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';

const oidc: IdentityProvider = createOidcProvider({ issuer: FAKE_OPENID.issuer, clientId: 'app', clientSecret: 's' });
// DPoP and private_key_jwt as the values that bring their code.
const fapi: IdentityProvider = createOidcProvider({
  issuer: FAKE_OPENID.issuer,
  clientId: 'app',
  profile: 'fapi2',
  dpop: dpopBinding(),
  clientAuth: privateKeyJwt([{ pem: process.env.CLIENT_KEY ?? '', kid: '2026-11', alg: 'ES256' }]),
});
void fapi;
const msal: IdentityProvider = createMsalProvider({ tenant: 'common', clientId: 'app', clientSecret: 's' });
const stores: RedisStores = createRedisStores({ url: 'redis://127.0.0.1:6379' });
// Type-checked only, as this whole file is: PostgreSQL stores fit the same `stores` option.
const onPostgres = (url: string): PostgresStores => createPostgresStores({ url, schema: 'identity' });
void onPostgres;
const sessions: SessionStore = new MemorySessionStore(systemClock);
const identity: IdentityWeb = createIdentityWeb({
  identityProvider: process.env.ENTRA ? msal : oidc,
  baseUrl: 'https://app.example.com',
  secret: 'a secret of at least thirty-two characters',
  stores,
  downstreamApis: { orders: downstreamApi({ baseUrl: 'https://orders.example.com', scopes: ['api://orders/read'] }) },
});

const app = new Koa<IdentityWebState>();
app.use(identityWeb(identity));
app.use(requireAuth());
app.use(async (ctx) => {
  try {
    const { accessToken } = await ctx.state.auth.acquireToken(['api://orders/read']);
    ctx.body = accessToken.length;
  } catch (error) {
    if (error instanceof InteractionRequiredError) throw error;
    if (isIdentityWebError(error)) ctx.status = error.status;
  }
});

const hono = new Hono<IdentityWebEnv>();
hono.use(honoIdentityWeb(identity));
hono.get('/me', (c) => c.json(c.var.auth.user ?? null));

const expressApp = express();
expressApp.use(expressIdentityWeb(identity));
expressApp.get('/me', expressRequireAuth(), (req, res) => {
  res.json(signedIn(req).user.subject);
});
expressApp.use(expressAuthErrors());

const fastify = Fastify();
await fastify.register(fastifyIdentityWeb, { identity });
fastify.get<SignedInRoute>('/me', { preHandler: fastifyRequireAuth() }, (request) => request.auth.user.subject);

// `null` at once for a request outside the auth routes, else the answer (a promise that never rejects).
export const answer = (req: HttpRequest): Promise<HttpResult> | null => identity.http.handle(req);
export const fakes = [new FakeIdentityProvider(systemClock), new FakeEntra(), sessions] as const;
