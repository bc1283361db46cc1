// An option identity-web refused, turned into the environment variable behind it, to fix.
import { ErrorCode, isIdentityWebError } from '@identity-web/core';
import { EnvError } from './env.ts';
import { type StoreSettings, storeVariable } from './stores-env.ts';

// Which variable feeds which option of the library, to name the variable when it refuses a value.
const VARIABLE_OF_OPTION = new Map([
  ['issuer', 'IDENTITY_WEB_ISSUER'],
  ['allowInsecureRequests', 'IDENTITY_WEB_ISSUER'],
  ['tenant', 'IDENTITY_WEB_TENANT'],
  ['authority', 'IDENTITY_WEB_AUTHORITY'],
  ['clientId', 'IDENTITY_WEB_CLIENT_ID'],
  ['clientSecret', 'IDENTITY_WEB_CLIENT_SECRET'],
  ['baseUrl', 'IDENTITY_WEB_BASE_URL'],
  ['sharedSignals.push.authorization', 'SHARED_SIGNALS_PUSH_AUTHORIZATION'],
  ['secret', 'IDENTITY_WEB_SECRET'],
  ['session.cookieName', 'IDENTITY_WEB_SESSION_COOKIE'],
  ['clientAuth', 'IDENTITY_WEB_CLIENT_AUTH'],
  ['privateKeyJwt', 'IDENTITY_WEB_CLIENT_PRIVATE_KEY'],
  ['profile', 'IDENTITY_WEB_PROFILE'],
  ['dpop', 'IDENTITY_WEB_DPOP'],
  ['par', 'IDENTITY_WEB_PAR'],
  ['idToken.algorithms', 'IDENTITY_WEB_ID_TOKEN_ALGORITHMS'],
  ['responseMode', 'IDENTITY_WEB_RESPONSE_MODE'],
  ['tokenCache.refreshSkewSeconds', 'IDENTITY_WEB_REFRESH_MARGIN_SECONDS'],
  ['logoutToken.maxAgeSeconds', 'IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS'],
  ['scopes', 'DOWNSTREAM_API_SCOPES'],
]);

function refusedOption(error: unknown): string | undefined {
  if (isIdentityWebError(error)) return error.code === ErrorCode.InvalidOption ? error.option : undefined;
  // Until @identity-web/oidc and /msal throw IdentityWebError too: a TypeError whose message starts with the option.
  return error instanceof TypeError ? /^"([\w.]+)"/.exec(error.message)?.[1] : undefined;
}

/**
 * An option the library refused, as an `EnvError` naming its variable; any other error as it is.
 * `settings`: what `readEnv` gave, which tells whose `url` it was (`REDIS_URL` or `DATABASE_URL`).
 */
export function namingTheVariable(error: unknown, settings?: Partial<StoreSettings>): unknown {
  // `cluster.rootNodes[2]` and `privateKeyJwt[0].alg` are in one of the list's entries: the list's variable.
  const option = /^[\w.]*/.exec(refusedOption(error) ?? '')?.[0] ?? '';
  const variable = VARIABLE_OF_OPTION.get(option) ?? storeVariable(option, settings);
  return variable === undefined ? error : new EnvError([[variable, `was refused: ${(error as Error).message}`]]);
}
