import { createIdentityWeb, type IdentityWeb, type IdentityWebOptions, prometheusMetrics } from '@identity-web/core';
import { createMsalProvider } from '@identity-web/msal';
import { createOidcProvider } from '@identity-web/oidc';
import { consoleLogger } from './console-logger.js';
import { type Env, WebAppConfigError } from './env-reader.js';
import { readWebAppConfig, type WebAppConfig } from './web-app-config.js';

export interface WebAppIdentity {
  readonly config: WebAppConfig;
  readonly identity: IdentityWeb;
  /** Prometheus text for `GET /metrics`; counting starts when this is created. */
  readonly metrics: () => Promise<string>;
}

// Which variable feeds which library option, to name the variable if a library refuses a value.
const VARIABLE_OF_OPTION: Readonly<Record<string, string>> = {
  issuer: 'IDENTITY_WEB_ISSUER',
  clientId: 'IDENTITY_WEB_CLIENT_ID',
  clientSecret: 'IDENTITY_WEB_CLIENT_SECRET',
  tenant: 'IDENTITY_WEB_TENANT',
  authority: 'IDENTITY_WEB_AUTHORITY',
  baseUrl: 'IDENTITY_WEB_BASE_URL',
  secret: 'IDENTITY_WEB_SECRET',
  scopes: 'DOWNSTREAM_API_SCOPES',
};

function identityProvider({ idp, clientId, clientSecret }: WebAppConfig) {
  if (idp.kind === 'oidc') {
    // http is accepted for a loopback issuer only (the demo IdP); the library enforces that.
    const allowInsecureRequests = new URL(idp.issuer).protocol === 'http:';
    return createOidcProvider({ issuer: idp.issuer, clientId, clientSecret, allowInsecureRequests });
  }
  const { tenant, authority, issuer } = idp;
  return createMsalProvider({
    clientId,
    clientSecret,
    ...(tenant === undefined ? {} : { tenant }),
    ...(authority === undefined ? {} : { authority }),
    ...(issuer === undefined ? {} : { issuer }),
  });
}

/** The one place where environment variables become `createIdentityWeb` options. */
export function identityOptions(config: WebAppConfig): IdentityWebOptions {
  return {
    identityProvider: identityProvider(config),
    baseUrl: config.baseUrl,
    secret: config.secrets,
    // The API's scopes are consented at sign-in, so the first call needs no second round trip.
    scopes: ['openid', 'profile', 'offline_access', ...config.downstreamApi.scopes],
    logger: consoleLogger(config.logLevel),
  };
}

function namingTheVariable(error: unknown): unknown {
  const option = error instanceof TypeError ? /"([\w]+)/.exec(error.message)?.[1] : undefined;
  const variable = option === undefined ? undefined : VARIABLE_OF_OPTION[option];
  return variable === undefined
    ? error
    : new WebAppConfigError([{ variable, message: `was refused: ${error instanceof Error ? error.message : error}` }]);
}

/**
 * Reads the environment (see the README of either example app) and builds the app's
 * identity-web instance. Throws `WebAppConfigError` naming every variable to fix.
 */
export function createWebAppIdentity(env: Env): WebAppIdentity {
  const config = readWebAppConfig(env);
  let identity: IdentityWeb;
  try {
    identity = createIdentityWeb(identityOptions(config));
  } catch (error) {
    throw namingTheVariable(error);
  }
  return { config, identity, metrics: prometheusMetrics(identity) };
}
