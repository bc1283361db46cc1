// A fresh Next.js app on the packed packages, written as docs/next.md shows: the instance, made at
// the first request, and its parts for the catch-all route, pages and the proxy (middleware).
import { createIdentityWeb, downstreamApi } from '@identity-web/core';
import { nextIdentityWeb } from '@identity-web/next';
import { createOidcProvider } from '@identity-web/oidc';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

export const { handlers, auth, requireAuth, withRequiredAuth, identityProxy } = nextIdentityWeb(() =>
  createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: env('ISSUER'),
      clientId: env('CLIENT_ID'),
      clientSecret: env('CLIENT_SECRET'),
      allowInsecureRequests: true, // the test's provider is on http://127.0.0.1
    }),
    baseUrl: env('BASE_URL'),
    secret: env('IDENTITY_WEB_SECRET'),
    scopes: ['openid', 'profile', 'offline_access', env('API_SCOPE')],
    downstreamApis: {
      orders: downstreamApi({ baseUrl: new URL(env('API_URL')).origin, scopes: [env('API_SCOPE')] }),
      self: downstreamApi({ baseUrl: env('API_SELF_URL'), scopes: [env('API_SCOPE')] }),
    },
  }),
);
