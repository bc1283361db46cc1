import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { POST_LOGOUT_REDIRECT_URI, REDIRECT_URI, signJwt } from '@identity-web/oidc/testing';
import { createOidcProvider } from '../src/index.js';
import { CLIENT_ID, CLIENT_SECRET, ISSUER } from '../src/testing/index.js';
import { newProvider, SIGN_IN_SCOPES, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

// Both factories: a web app's provider, and an API's (the same methods, and an API's besides).
const factories = {
  createOidcProvider: () => createOidcProvider({ issuer: ISSUER, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
  createOidcApiProvider: () => newProvider(),
};
for (const [name, make] of Object.entries(factories))
  describeIdentityProviderContract(`@identity-web/oidc (${name}) against an MSW-faked OpenID provider`, async () => ({
    provider: make(),
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
      signJwt(idp.signingKey, idp.logoutClaims({ sub: signIn.account.subject, sid: signIn.sid }), {
        typ: 'logout+jwt',
      }),
  }));
