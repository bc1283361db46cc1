// The express-openid-connect baseline: a real OpenID provider (the examples' demo IdP, oidc-provider)
// in the server's own process, and a sign-in through the app's /login with the examples' Browser.
import { randomBytes } from 'node:crypto';
import { startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser } from '@identity-web-examples/example-support';
import { HELLO, ROUTE } from '../variants.js';
import type { BuiltVariant } from './builders.js';
import { expectStatus, SetupError } from './errors.js';
import { openidConnectExpress } from './express-apps.js';

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
  const listener = openidConnectExpress(
    {
      issuerBaseURL: idp.issuer,
      baseURL: baseUrl,
      clientID: CLIENT_ID,
      clientSecret,
      secret: randomBytes(32).toString('base64url'),
      authRequired: false,
      authorizationParams: { response_type: 'code', scope: 'openid profile offline_access' },
      // The redirect URI the demo IdP registers for its clients (identity-web's default path).
      routes: { callback: new URL(idp.clients[0]!.redirectUris[0]!).pathname },
    },
    'express-openid-connect',
  );
  return {
    listener,
    prepare: async () => ({
      headers: await signInThroughLogin(baseUrl),
      note: `signed in through /login → demo IdP (oidc-provider, in this process) → ${new URL(idp.clients[0]!.redirectUris[0]!).pathname}; the access token read from the session cookie`,
    }),
    idpTokenRequests: () => providerRequests,
  };
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
  const session = [...browser.cookies(route.hostname)].filter(([name]) => name.startsWith(SESSION_COOKIE));
  if (session.length === 0) throw new SetupError('sign-in through /login set no appSession cookie');
  const headers = { cookie: session.map(([name, value]) => `${name}=${value}`).join('; ') };

  const warm = await fetch(route, { headers: { ...headers, accept: 'application/json' } });
  await expectStatus(warm, 200, `GET ${ROUTE} with the session cookie`);
  const body = await warm.text();
  if (body !== JSON.stringify(HELLO)) throw new SetupError(`GET ${ROUTE} answered ${body.slice(0, 200)}`);
  return headers;
}
