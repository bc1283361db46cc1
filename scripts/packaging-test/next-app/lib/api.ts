// The app's own web API, written as docs/web-apis.md shows: made at its first request, so that
// `next build` reads none of its settings.
import { createIdentityWebApi } from '@identity-web/core/api';
import { createOidcApiProvider } from '@identity-web/oidc';

export const api = () =>
  createIdentityWebApi({
    identityProvider: createOidcApiProvider({
      issuer: process.env.ISSUER ?? '',
      clientId: 'orders-api',
      allowInsecureRequests: true, // the test's provider is on http://127.0.0.1
    }),
    audience: process.env.API_AUDIENCE ?? '',
    baseUrl: process.env.API_SELF_URL ?? '',
  });
