import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { FakeEntra, GRAPH_READ, makeUser, REDIRECT_URI, TENANT_ID } from '@identity-web/msal/testing';
import { provider, useMsw } from './support/harness.js';

const server = useMsw();

describeIdentityProviderContract('msal over an MSW-faked Entra ID', async () => {
  const entra = new FakeEntra();
  const { keys } = entra;
  server.use(...entra.handlers());
  const user = makeUser(42);
  let failNext = false;
  entra.override = (request) => {
    if (!failNext || request.body.get('grant_type') !== 'refresh_token') return undefined;
    failNext = false;
    // AADSTS700082: the refresh token expired through inactivity (Entra error code reference).
    return entra.error(400, 'invalid_grant', 700082);
  };
  return {
    provider: provider({ tenant: TENANT_ID }),
    redirectUri: REDIRECT_URI,
    postLogoutRedirectUri: 'https://app.example.com/auth/signed-out',
    signInScopes: ['openid', 'profile', 'offline_access', GRAPH_READ],
    tokenScopes: [GRAPH_READ],
    authorize: async (url) => entra.authorize(url, user),
    tokenRequestCount: () => entra.tokenRequests.length,
    failNextRefresh: () => {
      failNext = true;
    },
    mintLogoutToken: () => keys.logoutToken(user),
  };
});
