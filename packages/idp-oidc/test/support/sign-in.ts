// A sign-in at a real oidc-provider as the core makes one: fresh state, nonce and PKCE, the dev
// login and consent pages filled in by the test browser, the code redeemed.
import type { IdentityProvider } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import { Browser } from './browser.js';
import { RP } from './oidc-provider-server.js';

/** Signs in with `scopes`; `resources` stand for the core's downstream APIs (added to the authorization request). */
export async function signInAtOp(idp: IdentityProvider, scopes: string[], resources: string[]) {
  const [state, nonce, codeVerifier] = [
    oauth.generateRandomState(),
    oauth.generateRandomNonce(),
    oauth.generateRandomCodeVerifier(),
  ];
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const url = await idp.authorizationUrl({
    redirectUri: RP.redirectUri,
    state,
    nonce,
    codeChallenge,
    scopes,
    prompt: 'consent',
    resources,
  });
  const params = await new Browser().authorize(url, RP.redirectUri);
  const result = await idp.redeemCode({ params, redirectUri: RP.redirectUri, state, nonce, codeVerifier, scopes });
  return { url, result };
}
