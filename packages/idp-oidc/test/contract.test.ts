import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { POST_LOGOUT_REDIRECT_URI, REDIRECT_URI, signJwt } from '@identity-web/oidc/testing';
import { newProvider, SIGN_IN_SCOPES, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

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
    signJwt(idp.signingKey, idp.logoutClaims({ sub: signIn.account.subject, sid: signIn.sid }), { typ: 'logout+jwt' }),
}));
