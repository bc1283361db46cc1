// The logout relying-party plans (RP-initiated, front-channel and back-channel), re-enacted:
// after a sign-in, the provider logs the user out the way the module does, and the app must end
// the session (and drop the account's tokens) — or refuse a logout token that is not valid.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Browser } from '../browser.js';
import type { RunningWebApp } from '../types.js';
import { moduleKey, signJws, unsignedJws } from './signing.js';
import type { Misbehaviour, TestProvider } from './test-provider.js';

export interface LogoutModule {
  readonly name: string;
  readonly checks: string;
  readonly misbehaviour?: Misbehaviour;
  readonly frontChannel?: boolean;
  /** Plays the logout after a sign-in, and judges the app. */
  readonly play: (op: TestProvider, app: RunningWebApp, browser: Browser) => Promise<void>;
}

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** A valid logout token for the session of the last ID token (OIDC Back-Channel Logout 1.0 §2.4), then `change`d. */
function logoutClaims(op: TestProvider, clientId: string, change: (c: Record<string, unknown>) => void = () => {}) {
  const iat = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: op.issuer,
    aud: clientId,
    iat,
    exp: iat + 120,
    jti: randomUUID(),
    sub: op.lastIdToken.sub,
    sid: op.lastIdToken.sid,
    events: { [BACKCHANNEL_EVENT]: {} },
    // A claim the spec does not define: ignored.
    conformance_extra: 'ignored',
  };
  change(claims);
  return claims;
}

async function postLogoutToken(op: TestProvider, token: string): Promise<Response> {
  const uri = op.idp.clients[0]?.backChannelLogoutUri ?? '';
  return fetch(uri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ logout_token: token }),
  });
}

async function signedIn(app: RunningWebApp, browser: Browser): Promise<boolean> {
  return (await browser.navigate(`${app.url}/`)).html.includes('<h1>Hello');
}

/** A back-channel module: the token is POSTed as the provider would, and answered 200 (session ended) or 400 (nothing ended). */
function backChannel(
  name: string,
  checks: string,
  valid: boolean,
  token: (op: TestProvider, clientId: string) => string,
): LogoutModule {
  return {
    name,
    checks,
    play: async (op, app, browser) => {
      const response = await postLogoutToken(op, token(op, clientIdOf(op)));
      expect(response.status).toBe(valid ? 200 : 400);
      expect(response.headers.get('cache-control')).toMatch(/no-store/);
      expect(await signedIn(app, browser)).toBe(!valid);
      expect((await app.identity.stats()).cachedAccounts).toBe(valid ? 0 : 1);
    },
  };
}

const clientIdOf = (op: TestProvider) => op.idp.clients[0]?.clientId ?? '';

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), the provider's answer changed by `postLogoutRedirect`. */
function rpInitiated(name: string, checks: string, postLogoutRedirect?: (url: URL) => void): LogoutModule {
  return {
    name,
    checks,
    ...(postLogoutRedirect !== undefined && { misbehaviour: { postLogoutRedirect } }),
    play: async (op, app, browser) => {
      const endSession = await browser.startSignOut(app.url);
      expect(endSession.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(
        op.idp.clients[0]?.postLogoutRedirectUris[0],
      );
      expect(endSession.searchParams.get('state')).toBeTruthy();
      const landed = await browser.navigate(endSession, { frames: false });
      expect(new URL(landed.url).origin, `${landed.status} ${landed.url} ${landed.html.slice(0, 400)}`).toBe(app.url);
      expect(landed.status).toBe(200);
      expect(await signedIn(app, browser)).toBe(false);
      expect((await app.identity.stats()).cachedAccounts).toBe(0);
    },
  };
}

export const LOGOUT_RP: readonly { readonly plan: string; readonly modules: readonly LogoutModule[] }[] = [
  {
    plan: 'oidcc-client-rp-initiated-logout-rp-basic',
    modules: [
      rpInitiated(
        'oidcc-client-test-rp-init-logout',
        'sign-out goes to end_session with id_token_hint, a registered post_logout_redirect_uri and state, and ends the session',
      ),
      rpInitiated(
        'oidcc-client-test-rp-init-logout-other-state',
        'a post-logout redirect with another state is handled: the user is signed out, the page is a normal one',
        (u) => {
          u.searchParams.set('state', `${u.searchParams.get('state') ?? ''}_INVALID`);
        },
      ),
      rpInitiated(
        'oidcc-client-test-rp-init-logout-no-state',
        'a post-logout redirect without state is handled',
        (u) => {
          u.searchParams.delete('state');
        },
      ),
    ],
  },
  {
    plan: 'oidcc-client-front-channel-logout-rp-basic',
    modules: [
      {
        name: 'oidcc-client-test-rp-frontchannel-rpinitlogout',
        checks:
          "the provider's logout page loads the app's front-channel URL (with iss and sid) in an iframe, which ends the session",
        frontChannel: true,
        play: async (_op, app, browser) => {
          await browser.signOut(app.url, { frames: true });
          expect(await signedIn(app, browser)).toBe(false);
          expect((await app.identity.stats()).cachedAccounts).toBe(0);
        },
      },
    ],
  },
  {
    plan: 'oidcc-client-back-channel-logout-rp-basic',
    modules: [
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout',
        'a valid logout token ends the session and removes the account: 200',
        true,
        (op, id) => signJws(logoutClaims(op, id), op.signer, { typ: 'logout+jwt' }),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-alg-none',
        'an unsigned logout token is refused: 400',
        false,
        (op, id) => unsignedJws(logoutClaims(op, id)),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-no-event',
        'a logout token without `events` is refused',
        false,
        (op, id) =>
          signJws(
            logoutClaims(op, id, (c) => {
              delete c.events;
            }),
            op.signer,
          ),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-with-nonce',
        'a logout token with a `nonce` is refused',
        false,
        (op, id) =>
          signJws(
            logoutClaims(op, id, (c) => {
              c.nonce = 'a-nonce';
            }),
            op.signer,
          ),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-wrong-alg',
        'a logout token signed with another algorithm than the ID tokens (ES256, its key published) is refused',
        false,
        (op, id) => {
          const es256 = moduleKey('ES256');
          op.keys = [...op.keys, es256];
          return signJws(logoutClaims(op, id), es256);
        },
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-wrong-aud',
        'a logout token for another audience is refused',
        false,
        (op, id) =>
          signJws(
            logoutClaims(op, id, (c) => {
              c.aud = `${id}INVALID`;
            }),
            op.signer,
          ),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-wrong-event',
        'a logout token with another event is refused',
        false,
        (op, id) =>
          signJws(
            logoutClaims(op, id, (c) => {
              c.events = { 'http://schemas.openid.net/event/foobar': {} };
            }),
            op.signer,
          ),
      ),
      backChannel(
        'oidcc-client-test-rp-backchannel-rpinitlogout-wrong-iss',
        'a logout token from another issuer is refused',
        false,
        (op, id) =>
          signJws(
            logoutClaims(op, id, (c) => {
              c.iss = `${op.issuer}INVALID`;
            }),
            op.signer,
          ),
      ),
    ],
  },
];
