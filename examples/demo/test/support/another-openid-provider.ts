/// <reference path="../../../demo-idp/src/types/oidc-provider.d.ts" />
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';
import { listenOnLoopback } from './loopback-server.js';

/** Where the provider is mounted: its issuer is `http://127.0.0.1:<port>/tenant-a`. */
export const TENANT_PATH = '/tenant-a';
/** The one API scope it knows; without resource indicators its access tokens are opaque. */
export const ORDERS_SCOPE = 'orders:read';

/** An app registered here, with identity-web's default routes under `/auth`. */
export interface RegisteredApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
}

export interface AnotherOpenIdProvider {
  /** An issuer with a path, as multi-tenant providers have (Keycloak realms, Entra tenants). */
  readonly issuer: string;
  /** `METHOD /path` of every request it received; outside {@link TENANT_PATH} it answered 404. */
  readonly requests: readonly string[];
  /** RFC 7662 introspection of `token`, authenticated as the API's own client. */
  introspect(token: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

const secret = () => randomBytes(32).toString('base64url');

/**
 * A real oidc-provider v9 set up unlike the demo IdP: mounted under a path, no resource
 * indicators (opaque access tokens, checked by introspection), no refresh tokens (the apps'
 * client registrations allow `authorization_code` only), no name in the ID token, no front- or
 * back-channel logout, the library's own login, consent and logout pages.
 *
 * The clients authenticate with `client_secret_basic`: the example apps' environment has no
 * variable choosing `@identity-web/oidc`'s `clientAuth`, so that is the method they use.
 */
export async function startAnotherOpenIdProvider(apps: readonly RegisteredApp[]): Promise<AnotherOpenIdProvider> {
  const server = createServer();
  const { origin, close } = await listenOnLoopback(server);
  const issuer = `${origin}${TENANT_PATH}`;
  const api = { clientId: 'orders-api', clientSecret: secret() };
  const provider = new Provider(issuer, {
    clients: [
      ...apps.map((app) => ({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        redirect_uris: [`${app.baseUrl}/auth/callback`],
        post_logout_redirect_uris: [`${app.baseUrl}/auth/signed-out`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      // The resource server: it signs no one in, it only introspects.
      {
        client_id: api.clientId,
        client_secret: api.clientSecret,
        redirect_uris: [],
        grant_types: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    scopes: ['openid', 'offline_access', ORDERS_SCOPE],
    cookies: { keys: [secret()] },
    features: {
      devInteractions: { enabled: true },
      introspection: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
  });
  const requests: string[] = [];
  const handle = provider.callback();
  server.on('request', (req, res) => {
    const url = req.url ?? '/';
    requests.push(`${req.method} ${url.split('?')[0]}`);
    if (!url.startsWith(`${TENANT_PATH}/`)) {
      res.writeHead(404).end();
      return;
    }
    // Mounted the way Express mounts it: oidc-provider reads its mount path from `originalUrl`.
    Object.assign(req, { originalUrl: url, url: url.slice(TENANT_PATH.length) });
    handle(req, res);
  });

  const authorization = `Basic ${Buffer.from(`${api.clientId}:${api.clientSecret}`).toString('base64')}`;
  let introspectionEndpoint: Promise<string> | undefined;
  const introspect = async (token: string) => {
    introspectionEndpoint ??= fetch(`${issuer}/.well-known/openid-configuration`)
      .then((r) => r.json() as Promise<{ introspection_endpoint: string }>)
      .then((d) => d.introspection_endpoint);
    const response = await fetch(await introspectionEndpoint, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    if (!response.ok) throw new Error(`introspection answered HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  return { issuer, requests, introspect, close };
}
