import { type Env, EnvReader } from './env-reader.js';

/** Which identity provider package signs users in. */
export type IdpKind = 'oidc' | 'msal';

export type IdpConfig =
  | { readonly kind: 'oidc'; readonly issuer: string }
  | {
      readonly kind: 'msal';
      readonly tenant?: string;
      readonly authority?: string;
      readonly issuer?: string;
    };

/** Everything an example web app reads from its environment, validated. */
export interface WebAppConfig {
  readonly idp: IdpConfig;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  readonly secrets: readonly string[];
  readonly downstreamApi: {
    readonly url: string;
    /** Asked for at sign-in and used by default. */
    readonly scopes: readonly string[];
    /** May be asked for later with `/call-api?scope=` (incremental consent). */
    readonly extraScopes: readonly string[];
  };
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function readIdp(env: EnvReader): IdpConfig {
  const kind = env.oneOf<IdpKind>('IDENTITY_WEB_IDP', ['oidc', 'msal'], 'oidc');
  if (kind === 'oidc') {
    env.url('IDENTITY_WEB_ISSUER', 'the OpenID provider, e.g. https://login.example.com');
    // Kept as written: the issuer is compared as an exact string with every `iss`.
    return { kind, issuer: env.optional('IDENTITY_WEB_ISSUER') ?? '' };
  }
  const tenant = env.optional('IDENTITY_WEB_TENANT');
  const authority = env.optional('IDENTITY_WEB_AUTHORITY');
  if ((tenant === undefined) === (authority === undefined)) {
    env.problem(
      tenant === undefined ? 'IDENTITY_WEB_TENANT' : 'IDENTITY_WEB_AUTHORITY',
      'with IDENTITY_WEB_IDP=msal, set exactly one of IDENTITY_WEB_TENANT (a tenant id or domain) and IDENTITY_WEB_AUTHORITY (a full authority URL)',
    );
  }
  if (authority !== undefined) env.url('IDENTITY_WEB_AUTHORITY', 'the Entra authority URL');
  const issuer = env.optional('IDENTITY_WEB_ISSUER');
  return {
    kind,
    ...(tenant === undefined ? {} : { tenant }),
    ...(authority === undefined ? {} : { authority }),
    ...(issuer === undefined ? {} : { issuer }),
  };
}

function readSecrets(env: EnvReader): string[] {
  // A comma-separated list rotates keys: the first one signs and encrypts, all of them verify.
  const secrets = env
    .required('IDENTITY_WEB_SECRET', 'a random value of at least 32 characters (cookie signing and cache encryption)')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (secrets.some((s) => s.length < 32)) {
    env.problem('IDENTITY_WEB_SECRET', 'must be at least 32 characters (each of them, when comma-separated)');
  }
  return secrets;
}

/**
 * Reads and validates an example app's environment. Throws a `WebAppConfigError` listing every
 * problem, each naming its variable.
 */
export function readWebAppConfig(env: Env): WebAppConfig {
  const reader = new EnvReader(env);
  const idp = readIdp(reader);
  const clientId = reader.required('IDENTITY_WEB_CLIENT_ID', 'the client (application) id registered at the provider');
  const clientSecret = reader.required('IDENTITY_WEB_CLIENT_SECRET', 'the client secret registered at the provider');
  const baseUrl = reader.url('IDENTITY_WEB_BASE_URL', "the app's public origin, e.g. https://app.example.com", {
    origin: true,
  });
  const secrets = readSecrets(reader);
  const apiUrl = reader.url('DOWNSTREAM_API_URL', 'the URL of the web API this app calls');
  const apiScopes = reader.scopes('DOWNSTREAM_API_SCOPES', 'the scopes to ask for the web API, space-separated');
  const extraScopes = reader.scopes('DOWNSTREAM_API_EXTRA_SCOPES');
  const port = reader.port('PORT', 3000);
  const host = reader.optional('HOST') ?? '127.0.0.1';
  const logLevel = reader.oneOf('IDENTITY_WEB_LOG_LEVEL', LOG_LEVELS, 'warn');
  reader.done();
  return {
    idp,
    clientId,
    clientSecret,
    baseUrl: baseUrl!.origin,
    secrets,
    downstreamApi: { url: apiUrl!.href, scopes: apiScopes, extraScopes },
    port,
    host,
    logLevel,
  };
}
