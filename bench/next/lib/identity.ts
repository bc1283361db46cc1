// The benchmark app's instance: the demo IdP the benchmark started, sessions and tokens in memory.
import { createIdentityWeb, silentLogger } from '@identity-web/core';
import { nextIdentityWeb } from '@identity-web/next';
import { createOidcProvider } from '@identity-web/oidc';

/** The API scope the token route asks for, consented at sign-in. */
export const BENCH_SCOPE = 'api:read';

const env = (name: string) => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`the benchmark app needs ${name}`);
  return value;
};

export const { handlers, auth, requireAuth, withAuth, withRequiredAuth, identityProxy } = nextIdentityWeb(() =>
  createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: env('BENCH_ISSUER'),
      clientId: env('BENCH_CLIENT_ID'),
      clientSecret: env('BENCH_CLIENT_SECRET'),
      allowInsecureRequests: true,
    }),
    baseUrl: env('BENCH_BASE_URL'),
    secret: env('BENCH_SECRET'),
    scopes: ['openid', 'offline_access', BENCH_SCOPE],
    logger: silentLogger,
  }),
);
