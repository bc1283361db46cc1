import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { createOidcProvider } from '../src/index.js';
import { signJwt } from '../src/testing/signing-keys.js';
import { newProvider, SIGN_IN_SCOPES, useFakeOpenIdProvider } from './support/harness.js';

const idp = useFakeOpenIdProvider();

// Both factories: a web app's provider, and an API's (the same methods, and an API's besides).
const factories = {
  createOidcProvider: () =>
    createOidcProvider({
      issuer: FAKE_OPENID.issuer,
      clientId: FAKE_OPENID.clientId,
      clientSecret: FAKE_OPENID.clientSecret,
    }),
  createOidcApiProvider: () => newProvider(),
};
for (const [name, make] of Object.entries(factories))
  describeIdentityProviderContract(`@identity-web/oidc (${name}) against an MSW-faked OpenID provider`, async () => ({
    provider: make(),
    redirectUri: FAKE_OPENID.redirectUri,
    postLogoutRedirectUri: FAKE_OPENID.postLogoutRedirectUri,
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
