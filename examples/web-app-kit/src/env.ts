// The app's environment variables, read into plain settings. Deliberately small: the values the
// library takes (issuer, base URL, secret, tenant...) are checked by the library, and
// `namingTheVariable` (naming-the-variable.ts) turns its refusal into the variable to fix.
import type { Logger } from '@identity-web/core';
import { privateJwk } from './private-jwk.ts';
import { readStoreSettings } from './stores-env.ts';

/** `process.env`, or any object standing in for it (tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The app cannot start: `variables` names each environment variable to fix. */
export class EnvError extends Error {
  readonly code = 'invalid_env';
  readonly variables: readonly string[];

  constructor(problems: readonly (readonly [variable: string, message: string])[]) {
    super(`invalid configuration:\n${problems.map(([variable, message]) => `  - ${variable} ${message}`).join('\n')}`);
    this.name = 'EnvError';
    this.variables = problems.map(([variable]) => variable);
  }
}

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];
const list = (text: string | undefined, separator: RegExp) => (text ?? '').split(separator).filter(Boolean);

/** Reads every variable (see README.md) and throws one `EnvError` listing every problem. */
export function readEnv(env: Env) {
  const problems: [string, string][] = [];
  const get = (name: string) => env[name]?.trim() || undefined;
  const need = (name: string, what: string) => {
    const value = get(name);
    if (value === undefined) problems.push([name, `is required: ${what}`]);
    return value ?? '';
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const value = (get(name) ?? fallback) as T;
    if (values.includes(value)) return value;
    problems.push([name, `must be one of ${values.join(', ')} (got "${value}")`]);
    return fallback;
  };

  const idp = oneOf('IDENTITY_WEB_IDP', ['oidc', 'msal'], 'oidc');
  const issuer =
    idp === 'oidc'
      ? need('IDENTITY_WEB_ISSUER', "the provider's issuer, e.g. https://login.example.com")
      : get('IDENTITY_WEB_ISSUER');
  const [tenant, authority] = [get('IDENTITY_WEB_TENANT'), get('IDENTITY_WEB_AUTHORITY')];
  if (idp === 'msal' && (tenant === undefined) === (authority === undefined)) {
    const variable = tenant === undefined ? 'IDENTITY_WEB_TENANT' : 'IDENTITY_WEB_AUTHORITY';
    problems.push([
      variable,
      'with IDENTITY_WEB_IDP=msal: set exactly one of IDENTITY_WEB_TENANT and IDENTITY_WEB_AUTHORITY',
    ]);
  }
  const clientId = need('IDENTITY_WEB_CLIENT_ID', 'the client (application) id registered at the provider');
  // With a private key (oidc only), the client authenticates with it (private_key_jwt), and a
  // FAPI 2.0 client must: no secret is needed then.
  const profile = get('IDENTITY_WEB_PROFILE');
  const privateKeyText = get('IDENTITY_WEB_CLIENT_PRIVATE_KEY');
  const keyInstead = idp === 'oidc' && (privateKeyText !== undefined || profile === 'fapi2');
  const clientSecret = keyInstead
    ? get('IDENTITY_WEB_CLIENT_SECRET')
    : need(
        'IDENTITY_WEB_CLIENT_SECRET',
        `the client secret registered at the provider${idp === 'oidc' ? ' (or IDENTITY_WEB_CLIENT_PRIVATE_KEY, for private_key_jwt)' : ''}`,
      );
  const baseUrl = need('IDENTITY_WEB_BASE_URL', "the app's public origin, e.g. https://app.example.com");
  const secret = need('IDENTITY_WEB_SECRET', 'at least 32 random characters (a comma-separated list rotates keys)');
  const apiUrl = need('DOWNSTREAM_API_URL', 'the URL of the web API this app calls');
  const api = URL.parse(apiUrl);
  // The app sends access tokens there: never in clear text over a network.
  if (
    apiUrl !== '' &&
    !(api?.protocol === 'https:' || (api?.protocol === 'http:' && LOOPBACK.includes(api.hostname)))
  ) {
    problems.push(['DOWNSTREAM_API_URL', `must be an https URL, or http on localhost (got "${apiUrl}")`]);
  }
  const scopes = list(need('DOWNSTREAM_API_SCOPES', 'the scopes of the web API, space-separated'), /\s+/);
  const port = Number(get('PORT') ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(['PORT', `must be a port number from 0 to 65535 (got "${get('PORT')}")`]);
  }
  const logLevel = oneOf('IDENTITY_WEB_LOG_LEVEL', LOG_LEVELS, 'warn');
  // What some providers need; unset, the library's defaults. Their ranges are the library's to check.
  const seconds = (name: string) => {
    const text = get(name);
    if (text !== undefined && !/^\d+$/.test(text))
      problems.push([name, `must be a whole number of seconds (got "${text}")`]);
    return text === undefined ? undefined : Number(text);
  };
  const oidcOnly = (name: string, why: string) => {
    const value = get(name);
    if (value !== undefined && idp === 'msal') problems.push([name, `applies with IDENTITY_WEB_IDP=oidc only: ${why}`]);
    return value;
  };
  const clientAuth = oidcOnly('IDENTITY_WEB_CLIENT_AUTH', 'msal sends the secret in the form body');
  const trueOrFalse = (name: string, why: string) => {
    const value = oidcOnly(name, why);
    if (value !== undefined && value !== 'true' && value !== 'false') {
      problems.push([name, `must be true or false (got "${value}")`]);
    }
    return value === undefined ? undefined : value === 'true';
  };
  oidcOnly('IDENTITY_WEB_PROFILE', 'msal has no FAPI 2.0 profile');
  if (profile !== undefined && profile !== 'fapi2') {
    problems.push(['IDENTITY_WEB_PROFILE', `must be fapi2, the FAPI 2.0 Security Profile (got "${profile}")`]);
  }
  oidcOnly('IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'msal authenticates with the client secret');
  const clientPrivateKey =
    privateKeyText === undefined || idp !== 'oidc' ? undefined : privateJwk(privateKeyText, problems);
  if (idp === 'oidc' && profile === 'fapi2' && privateKeyText === undefined) {
    problems.push([
      'IDENTITY_WEB_CLIENT_PRIVATE_KEY',
      'is required with IDENTITY_WEB_PROFILE=fapi2: FAPI 2.0 clients authenticate with a private key (private_key_jwt)',
    ]);
  }
  if (idp === 'oidc' && clientAuth === 'private_key_jwt' && privateKeyText === undefined) {
    problems.push(['IDENTITY_WEB_CLIENT_PRIVATE_KEY', 'is required with IDENTITY_WEB_CLIENT_AUTH=private_key_jwt']);
  }
  if (clientPrivateKey !== undefined && clientAuth !== undefined && clientAuth !== 'private_key_jwt') {
    problems.push([
      'IDENTITY_WEB_CLIENT_AUTH',
      `must be private_key_jwt, or unset, with IDENTITY_WEB_CLIENT_PRIVATE_KEY (got "${clientAuth}")`,
    ]);
  }
  const dpop = trueOrFalse('IDENTITY_WEB_DPOP', 'msal gets Bearer tokens only');
  const par = trueOrFalse('IDENTITY_WEB_PAR', 'msal does not push authorization requests');
  // The ID-token signature algorithms the client registered, comma-separated (the provider's asymmetric ones if unset).
  const idTokenAlgorithms = list(
    oidcOnly('IDENTITY_WEB_ID_TOKEN_ALGORITHMS', 'Entra signs ID tokens with RS256, always verified'),
    /[\s,]+/,
  );
  const responseMode = oidcOnly('IDENTITY_WEB_RESPONSE_MODE', 'msal is configured with responseMode in code');
  if (responseMode !== undefined && responseMode !== 'query' && responseMode !== 'form_post') {
    problems.push(['IDENTITY_WEB_RESPONSE_MODE', `must be query or form_post (got "${responseMode}")`]);
  }
  const refreshMarginSeconds = seconds('IDENTITY_WEB_REFRESH_MARGIN_SECONDS');
  // Unset: the library's default, on: a sign-out revokes the refresh token at the provider.
  const revoke = get('IDENTITY_WEB_REVOKE_ON_REMOVE');
  if (revoke !== undefined && revoke !== 'true' && revoke !== 'false') {
    problems.push(['IDENTITY_WEB_REVOKE_ON_REMOVE', `must be true or false (got "${revoke}")`]);
  }
  const logoutTokenMaxAgeSeconds = seconds('IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS');
  oidcOnly('IDENTITY_WEB_LOGOUT_TOKEN_MAX_AGE_SECONDS', "msal takes Entra's logout tokens with the default rules");
  const allowMissingExp = trueOrFalse(
    'IDENTITY_WEB_LOGOUT_TOKEN_ALLOW_MISSING_EXP',
    "msal takes Entra's logout tokens with the default rules",
  );
  // Unset: sessions and tokens in this process's memory (one instance); else Redis or PostgreSQL.
  const stores = readStoreSettings(get, problems);
  // A Shared Signals transmitter whose security events (pushed to /auth/security-events) sign users out.
  const signalsIssuer = get('SHARED_SIGNALS_ISSUER');
  const signalsUrl = signalsIssuer === undefined ? undefined : URL.parse(signalsIssuer);
  if (
    signalsIssuer !== undefined &&
    !(signalsUrl?.protocol === 'https:' || (signalsUrl?.protocol === 'http:' && LOOPBACK.includes(signalsUrl.hostname)))
  ) {
    problems.push([
      'SHARED_SIGNALS_ISSUER',
      `must be the transmitter's https issuer, or http on localhost (got "${signalsIssuer}")`,
    ]);
  }
  const signalsAuthorization = get('SHARED_SIGNALS_PUSH_AUTHORIZATION');
  if (signalsAuthorization !== undefined && signalsIssuer === undefined) {
    problems.push(['SHARED_SIGNALS_PUSH_AUTHORIZATION', 'applies with SHARED_SIGNALS_ISSUER only']);
  }
  if (problems.length > 0) throw new EnvError(problems);
  return {
    idp,
    issuer,
    tenant,
    authority,
    clientId,
    clientSecret,
    baseUrl,
    secrets: list(secret, /\s*,\s*/),
    api: { url: apiUrl, scopes, extraScopes: list(get('DOWNSTREAM_API_EXTRA_SCOPES'), /\s+/) },
    port,
    host: get('HOST') ?? '127.0.0.1',
    // Instances of one app reached on different ports share a cookie only under one name.
    sessionCookie: get('IDENTITY_WEB_SESSION_COOKIE'),
    // Each one only when set, so the library's default stays the default.
    provider: {
      ...(clientAuth !== undefined && { clientAuth }),
      ...(profile === 'fapi2' && { profile }),
      ...(clientPrivateKey !== undefined && { clientPrivateKeys: [clientPrivateKey] }),
      ...(dpop !== undefined && { dpop }),
      ...(par !== undefined && { par }),
      ...(idTokenAlgorithms.length > 0 && { idToken: { algorithms: idTokenAlgorithms } }),
      ...(responseMode !== undefined && { responseMode }),
      ...((logoutTokenMaxAgeSeconds !== undefined || allowMissingExp !== undefined) && {
        logoutToken: {
          ...(logoutTokenMaxAgeSeconds !== undefined && { maxAgeSeconds: logoutTokenMaxAgeSeconds }),
          ...(allowMissingExp !== undefined && { allowMissingExp }),
        },
      }),
    },
    refreshMarginSeconds,
    revokeOnRemove: revoke === undefined ? undefined : revoke === 'true',
    sharedSignals:
      signalsIssuer === undefined
        ? undefined
        : {
            issuer: signalsIssuer,
            insecure: signalsUrl?.protocol === 'http:',
            ...(signalsAuthorization !== undefined && { authorization: signalsAuthorization }),
          },
    ...stores,
    logger: stderrLogger(logLevel),
  };
}

/** identity-web's log lines on stderr from `level` up; the library never logs tokens or secrets. */
function stderrLogger(level: (typeof LOG_LEVELS)[number]): Logger {
  const at = (name: (typeof LOG_LEVELS)[number]) => (fields: Record<string, unknown>, message: string) => {
    if (LOG_LEVELS.indexOf(name) < LOG_LEVELS.indexOf(level)) return;
    console.error(`[identity-web] ${name} ${message} ${JSON.stringify(fields)}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
