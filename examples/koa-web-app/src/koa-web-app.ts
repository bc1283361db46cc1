import { createServer } from 'node:http';
import { downstreamApi, type IdentityWebOptions, PROMETHEUS_CONTENT_TYPE } from '@identity-web/core';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import {
  cachePage,
  cacheState,
  callApiAs,
  createAppIdentity,
  type Env,
  homePage,
  nodeServer,
  type RunningApp,
  readEnv,
  runApp,
  sessionsPage,
} from '@identity-web-examples/web-app-kit';
import Router from '@koa/router';
import Koa from 'koa';
import { chainRoutes, readChainEnv } from './chain.js';
import { createPartnerProvider, readPartnerEnv } from './partner-env.js';

const APP_NAME = 'Koa web app';
// On the home page, with MIDDLE_TIER_URL.
const CHAIN_LINK = '\n<p><a href="/chain">The API chain</a>: this app → middle tier → API, on your behalf</p>';

/** The running app: its origin, its identity-web instance and `close()`. */
export type KoaWebApp = RunningApp;

/**
 * Starts the Koa app on the environment's settings (README.md lists them); `stores`, when given,
 * replaces those `REDIS_URL` or `DATABASE_URL` would open (the tests look inside theirs). With
 * `IDENTITY_WEB_PARTNER_ISSUER`, users sign in with either of two providers.
 *
 * @example const app = await startKoaWebApp(process.env); … await app.close();
 */
export async function startKoaWebApp(env: Env, stores?: IdentityWebOptions['stores']): Promise<KoaWebApp> {
  readEnv(env); // the shared variables first: a missing one is named before this app's own
  const partner = readPartnerEnv(env); // undefined: one provider
  const chain = readChainEnv(env); // undefined: no middle tier, no /chain page
  // 1 to 3. Who signs users in, where sessions and tokens live, and the identity-web instance:
  // the same for every example app, in web-app-kit's app-identity.ts. This app adds two things.
  const instance = createAppIdentity(env, {
    stores,
    // With IDENTITY_WEB_PARTNER_* (partner-env.ts), a second OpenID provider: `identityProviders`
    // names both. `/auth/sign-in` then asks which one (and `requireAuth()` sends browsers there),
    // each has its own callback (`/auth/callback/work`, `/auth/callback/partner`), and every
    // session, account, token and logout stays with the provider that signed the user in.
    providers: partner && ((work) => ({ identityProviders: { work, partner: createPartnerProvider(partner) } })),
    // MIDDLE_TIER_URL: the middle tier of the demo chain, which calls the API on the user's behalf.
    scopes: chain?.scopes,
    downstreamApis: chain && { middle: downstreamApi({ baseUrl: new URL(chain.url).origin, scopes: chain.scopes }) },
  });
  const { config, identity, metrics } = instance;

  // 4. identity-web first: it serves /auth/* (sign-in, callback, sign-out, logout notifications)
  // and puts `ctx.state.auth` on every other request.
  const app = new Koa();
  app.use(identityWeb(identity));

  // 5. Then the app's own routes.
  const router = new Router<IdentityWebState>();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = homePage(APP_NAME, ctx.state.auth, config, chain && CHAIN_LINK);
  });
  // requireAuth(): a browser that is not signed in goes to sign in and comes back; a script gets 401 JSON.
  router.get('/call-api', requireAuth(), async (ctx) => {
    // A scope not consented yet, or a claims challenge from the API, throws InteractionRequiredError,
    // which the middleware turns into a trip to the provider and back.
    const { status, body } = await callApiAs(ctx.state.auth, config, ctx.query.scope);
    ctx.status = status;
    ctx.body = body;
  });
  // The user's sessions in every browser, each with a form that signs it out (identity-web's
  // POST /auth/sign-out-session, CSRF-checked like the sign-out form).
  router.get('/sessions', requireAuth(), async (ctx) => {
    ctx.type = 'html';
    ctx.body = sessionsPage(APP_NAME, await ctx.state.auth.sessions(), ctx.state.auth);
  });
  router.get('/cache', async (ctx) => {
    ctx.type = 'html';
    ctx.body = cachePage(APP_NAME, await cacheState(identity, ctx.state.auth), ctx.query.watch === '1');
  });
  router.get('/cache.json', async (ctx) => {
    ctx.body = await cacheState(identity, ctx.state.auth);
  });
  if (chain !== undefined) chainRoutes(router, APP_NAME, chain);
  router.get('/metrics', async (ctx) => {
    ctx.body = await metrics();
    ctx.set('content-type', PROMETHEUS_CONTENT_TYPE);
  });

  app.use(router.routes()).use(router.allowedMethods());

  return runApp(instance, nodeServer(createServer(app.callback()), config));
}
