// The express-openid-connect baseline: a real OpenID provider (the examples' demo IdP, oidc-provider)
// in the server's own process, and a sign-in through the app's /login with the examples' Browser.
import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser } from '@identity-web-examples/example-support';
import express from 'express';
import openidConnect, { type ConfigParams } from 'express-openid-connect';
import { HELLO, ROUTE } from '../variants.js';
import type { BuiltVariant } from './builders.js';
import { expectStatus, SetupError } from './errors.js';
import { withErrorLogger } from './express-apps.js';

// A CommonJS package whose `requiresAuth` Node's named-export detection cannot see (its exports
// object spreads another module's): taken from the default export, which is `module.exports`.
const { auth, requiresAuth } = openidConnect;

const CLIENT_ID = 'bench-express-openid-connect';
/** express-openid-connect's session cookie (`appSession`, `appSession.0`, … when it is chunked). */
const SESSION_COOKIE = 'appSession';

/**
 * Starts the demo IdP on 127.0.0.1 with the app registered, and the app at `baseUrl`. The
 * provider counts every request it gets (discovery, JWKS, token, UserInfo): none may come
 * during a run. Its access tokens live an hour, longer than any run, so the route never needs
 * to refresh one.
 */
export async function openidConnectVariant(baseUrl: string): Promise<BuiltVariant> {
  const clientSecret = randomBytes(32).toString('base64url');
  let providerRequests = 0;
  const idp = await startDemoIdp({
    clients: [{ clientId: CLIENT_ID, clientSecret, baseUrl }],
    accessTokenTtlSeconds: 3600,
    backChannel: false,
    frontChannel: false,
    // Runs in front of every route of the provider: here it only counts.
    misbehave: async (_ctx, next) => {
      providerRequests++;
      await next();
    },
  });
  // The redirect URI the demo IdP registers for its clients (identity-web's default path).
  const callback = new URL(idp.clients[0]!.redirectUris[0]!).pathname;
  const listener = openidConnectExpress(
    {
      issuerBaseURL: idp.issuer,
      baseURL: baseUrl,
      clientID: CLIENT_ID,
      clientSecret,
      secret: randomBytes(32).toString('base64url'),
      authRequired: false,
      authorizationParams: { response_type: 'code', scope: 'openid profile offline_access' },
      routes: { callback },
    },
    'express-openid-connect',
  );
  return {
    listener,
    prepare: async () => ({
      headers: await signInThroughLogin(baseUrl),
      note: `signed in through /login → demo IdP (oidc-provider, in this process) → ${callback}; the access token read from the session cookie`,
    }),
    idpTokenRequests: () => providerRequests,
    close: () => idp.close(),
  };
}

/**
 * The same route behind express-openid-connect, whose session is an encrypted cookie: the
 * signed-in user's access token comes out of that cookie on every request, as its API documentation
 * has an app read it before calling an API (and refresh it when expired, which a run must never
 * need: the provider counts every request it gets).
 */
export function openidConnectExpress(config: ConfigParams, variant: string): RequestListener {
  const app = express();
  app.use(auth(config));
  app.get(ROUTE, requiresAuth(), async (req, res) => {
    let token = req.oidc.accessToken;
    if (!token) throw new Error('the session holds no access token');
    if (token.isExpired()) token = await token.refresh();
    if (!token.access_token) throw new Error('the session holds an empty access token');
    res.json(HELLO);
  });
  return withErrorLogger(app, variant);
}

/**
 * Signs in through the app's `/login` as a browser does (the IdP's login and consent forms
 * answered), then checks the route: refused without the session cookie, HELLO with it. Returns
 * the headers every benchmark request sends: the app's session cookie, none of the IdP's.
 */
async function signInThroughLogin(baseUrl: string): Promise<Record<string, string>> {
  const route = new URL(ROUTE, baseUrl);
  const anonymous = await fetch(route, { headers: { accept: 'application/json' } });
  await expectStatus(anonymous, 401, `GET ${ROUTE} without a session`);
  const browser = new Browser(`bench-${randomBytes(6).toString('hex')}`);
  const landed = await browser.navigate(new URL('/login', baseUrl));
  if (landed.url.origin !== new URL(baseUrl).origin) {
    throw new SetupError(
      `sign-in through /login ended at ${landed.url.href} (${landed.status}): ${landed.html.slice(0, 300)}`,
    );
  }
  if (!browser.prompts.includes('login')) throw new SetupError('/login went through no login form at the IdP');
  const session = [...browser.cookies(route.hostname)].filter(([name]) => name.startsWith(SESSION_COOKIE));
  if (session.length === 0) throw new SetupError('sign-in through /login set no appSession cookie');
  const headers = { cookie: session.map(([name, value]) => `${name}=${value}`).join('; ') };

  const warm = await fetch(route, { headers: { ...headers, accept: 'application/json' } });
  await expectStatus(warm, 200, `GET ${ROUTE} with the session cookie`);
  const body = await warm.text();
  if (body !== JSON.stringify(HELLO)) throw new SetupError(`GET ${ROUTE} answered ${body.slice(0, 200)}`);
  return headers;
}
