import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { POST_LOGOUT_REDIRECT_URI, REDIRECT_URI } from './support/fake-idp.js';
import { newProvider, SIGN_IN_SCOPES, useFakeIdp } from './support/harness.js';
import { signJwt } from './support/keys.js';
import { logoutClaims } from './support/logout-claims.js';

const idp = useFakeIdp();

describeIdentityProviderContract('@identity-web/oidc against an MSW-faked OpenID provider', async () => ({
  provider: newProvider(),
  redirectUri: REDIRECT_URI,
  postLogoutRedirectUri: POST_LOGOUT_REDIRECT_URI,
  signInScopes: SIGN_IN_SCOPES,
  tokenScopes: ['api.read'],
  authorize: (url) => idp.authorize(url),
  tokenRequestCount: () => idp.counts.token,
  failNextRefresh: () => {
    idp.failNextRefresh = 'invalid_grant';
  },
  mintLogoutToken: (signIn) =>
    signJwt(idp.signingKey, logoutClaims({ sub: signIn.account.subject, sid: signIn.sid }), { typ: 'logout+jwt' }),
}));
