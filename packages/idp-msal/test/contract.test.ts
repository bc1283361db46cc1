import { describeIdentityProviderContract } from '@identity-web/core/testing';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
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
    provider: provider({ tenant: FAKE_ENTRA.tenantId }),
    redirectUri: FAKE_ENTRA.redirectUri,
    postLogoutRedirectUri: 'https://app.example.com/auth/signed-out',
    signInScopes: ['openid', 'profile', 'offline_access', FAKE_ENTRA.graphRead],
    tokenScopes: [FAKE_ENTRA.graphRead],
    authorize: async (url) => entra.authorize(url, user),
    tokenRequestCount: () => entra.tokenRequests.length,
    failNextRefresh: () => {
      failNext = true;
    },
    mintLogoutToken: () => keys.logoutToken(user),
  };
});
