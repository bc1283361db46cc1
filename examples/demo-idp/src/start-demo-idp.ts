// The demo IdP: oidc-provider v9 configured for the examples, on a server of its own on 127.0.0.1.
/// <reference path="./types/oidc-provider.d.ts" />
import { createPublicKey, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type OidcContext } from 'oidc-provider';
import { CLAIMS, findAccount } from './accounts.js';
import { resourceIndicators } from './api-resource.js';
import { backChannelFetch } from './back-channel-delivery.js';
import { fapiFeatures, fapiMetadata } from './fapi.js';
import { middleTierClaims, middleTierMetadata, middleTierReceiver } from './middle-tier.js';
import { type DemoIdpOptions, type RegisteredClient, type ResolvedOptions, resolveOptions } from './options.js';
import { errorPage, frontChannelTargets, logoutPage, signedOutPage } from './pages.js';
import { refusingEncodedCredentials } from './raw-basic-credentials.js';
import { securityEvents } from './security-events.js';
import { type SigningKeys, signingKeys } from './signing-keys.js';
import { memoryStorage } from './storage.js';
import { registerTokenExchange } from './token-exchange.js';

export interface DemoIdp {
  /** `http://127.0.0.1:<port>`: the issuer identifier and the origin of every endpoint. */
  readonly issuer: string;
  /** The API's resource indicator (`aud` of its access tokens) and scopes. */
  readonly api: { readonly resource: string; readonly scopes: readonly string[] };
  /** With `middleTier`: its resource indicator and scopes (its client is registered apart from `clients`). */
  readonly middleTier?: { readonly resource: string; readonly scopes: readonly string[] };
  /** The clients as registered, with every URI derived from their base URL. */
  readonly clients: readonly RegisteredClient[];
  /** What the token endpoint did with refresh tokens so far (live counters). */
  readonly refreshGrants: RefreshGrantCounts;
  close(): Promise<void>;
}

/** The token endpoint's refresh-token grants, as oidc-provider reports them in its events. */
export interface RefreshGrantCounts {
  /** Refresh-token grants answered with tokens. */
  issued: number;
  /** Refresh-token grants refused (any reason). */
  refused: number;
  /**
   * Refused because the refresh token had already been used: the client presented a rotated-away
   * token, and the provider revoked the whole grant (RFC 9700 §4.14.2).
   */
  reused: number;
  /** Grants revoked, by reuse detection or a revocation request. */
  revoked: number;
}

const DAY = 24 * 3600;

function clientMetadata(client: RegisteredClient) {
  return {
    client_id: client.clientId,
    ...(client.clientSecret === undefined ? {} : { client_secret: client.clientSecret }),
    ...(client.privateKey === undefined ? {} : fapiMetadata(client.privateKey)),
    client_name: client.name,
    redirect_uris: [...client.redirectUris],
    post_logout_redirect_uris: [...client.postLogoutRedirectUris],
    // Always registered, even when delivery is off: without it oidc-provider leaves `sid` out of
    // the client's ID tokens (Client#includeSid), and front-channel logout needs that `sid`.
    backchannel_logout_uri: client.backChannelLogoutUri,
    backchannel_logout_session_required: true,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: client.clientAuth,
  };
}

function configuration(issuer: string, options: ResolvedOptions, { privateKey, ecKey, kids }: SigningKeys) {
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  const { middleTier } = options;
  const { port } = new URL(issuer);
  return {
    // A factory: oidc-provider asks it for one adapter per model, all on this provider's storage.
    adapter: memoryStorage(),
    clients: [
      ...options.clients.map(clientMetadata),
      ...(middleTier === undefined ? [] : [middleTierMetadata(middleTier)]),
    ],
    findAccount,
    extraTokenClaims: async (_ctx: unknown, token: Parameters<typeof middleTierClaims>[1]) =>
      middleTierClaims(middleTier, token),
    claims: CLAIMS,
    // Profile claims go into the ID token, unless the demo keeps them for UserInfo: conforming,
    // oidc-provider leaves them out of an ID token issued with an access token for UserInfo.
    conformIdTokenClaims: options.interop.profileClaimsInUserInfoOnly,
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Browsers key cookies by host, not port: two demo IdPs on 127.0.0.1 (the demo's partner IdP)
      // would overwrite each other's session with oidc-provider's default names.
      names: {
        session: `_session.${port}`,
        interaction: `_interaction.${port}`,
        resume: `_interaction_resume.${port}`,
      },
    },
    jwks: {
      keys: [
        { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: kids.rs256 },
        ...(ecKey === undefined
          ? []
          : [{ ...ecKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: kids.es256 }]),
      ],
    },
    features: {
      ...(options.fapi && fapiFeatures()),
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: resourceIndicators(options),
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: OidcContext, form: string) => {
          const targets = options.frontChannel ? frontChannelTargets(ctx, issuer, clients) : [];
          // A validated id_token_hint means one of our apps sent the user here to sign out.
          const auto = ctx.oidc.entities.IdTokenHint !== undefined;
          ctx.type = 'html';
          ctx.body = logoutPage(targets, form, { auto, timeoutMs: options.frontChannelTimeoutMs });
        },
        postLogoutSuccessSource: async (ctx: OidcContext) => {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
    },
    pkce: { required: () => true },
    // oidc-provider drops `offline_access` unless the request says `prompt=consent` (OIDC Core
    // §11), and identity-web's sign-in sends no prompt. Core §11 lets "other conditions" permit
    // offline access: here, being one of the demo's registered apps. Without a
    // refresh token every access-token expiry would send the user back to the IdP.
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    // Refresh tokens rotate on every use: the apps must keep the newest one.
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Grant: 14 * DAY,
      RefreshToken: DAY,
      Session: 14 * DAY,
    },
    renderError: async (ctx: OidcContext, out: Record<string, unknown>) => {
      ctx.type = 'html';
      ctx.body = errorPage(out);
    },
    fetch: backChannelFetch(
      new Set([
        ...options.clients.map((c) => c.backChannelLogoutUri),
        ...(middleTier === undefined ? [] : [middleTier.backChannelLogoutUri]),
      ]),
      options.backChannel,
      options.log,
      options.interop.logoutTokensWithoutExp ? (ecKey ?? privateKey) : undefined,
    ),
  };
}

/**
 * Starts a real OpenID provider (oidc-provider v9) on 127.0.0.1 for the examples: any login
 * name signs in, consent is one click, refresh tokens (with `offline_access`), JWT access tokens
 * for the demo API, and logout that reaches every app of the session — back-channel (a real
 * HTTP POST of a logout token) and front-channel (iframes on the logout page), each switchable.
 * A Shared Signals transmitter at `<issuer>/ssf`, whose page `/ssf/send` pushes a CAEP or RISC
 * event about a user to every app.
 * With `fapi`, a FAPI 2.0 authorization server (PAR, DPoP, `private_key_jwt`; see `DemoIdpOptions`).
 *
 * @example
 * const idp = await startDemoIdp({
 *   clients: [{ clientId: 'koa-web-app', clientSecret, baseUrl: 'http://localhost:4002' }],
 * });
 * // IDENTITY_WEB_ISSUER=idp.issuer …; await idp.close();
 */
export async function startDemoIdp(options: DemoIdpOptions): Promise<DemoIdp> {
  const resolved = resolveOptions(options);
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const refreshGrants: RefreshGrantCounts = { issued: 0, refused: 0, reused: 0, revoked: 0 };
  try {
    const keys = signingKeys(resolved.fapi);
    const provider = new Provider(issuer, configuration(issuer, resolved, keys));
    const { log, middleTier } = resolved;
    if (middleTier !== undefined) {
      registerTokenExchange(provider, { ...resolved, middleTier }, { RS256: createPublicKey(keys.privateKey) });
    }
    const isRefresh = (ctx: unknown) => (ctx as OidcContext).oidc.params?.grant_type === 'refresh_token';
    provider.on('grant.success', (ctx) => {
      if (isRefresh(ctx)) refreshGrants.issued++;
    });
    provider.on('grant.error', (ctx, error) => {
      if (!isRefresh(ctx)) return;
      refreshGrants.refused++;
      if ((error as { error_detail?: unknown }).error_detail === 'refresh token already used') refreshGrants.reused++;
    });
    provider.on('grant.revoked', () => {
      refreshGrants.revoked++;
    });
    provider.on('backchannel.success', (_ctx, client) => {
      if (resolved.backChannel) log(`back-channel logout delivered to ${clientId(client)}`);
    });
    provider.on('backchannel.error', (_ctx, error, client) => {
      log(`back-channel logout to ${clientId(client)} failed: ${error instanceof Error ? error.message : error}`);
    });
    provider.on('server_error', (_ctx, error) => log(`server error: ${error instanceof Error ? error.stack : error}`));
    if (resolved.misbehave !== undefined) provider.use(resolved.misbehave);
    const callback = provider.callback();
    const oidc = resolved.interop.rawBasicCredentials
      ? refusingEncodedCredentials(resolved.clients, callback)
      : callback;
    const signals = await securityEvents(
      issuer,
      [...resolved.clients, ...middleTierReceiver(resolved.middleTier)],
      log,
    );
    server.on('request', (req, res) => {
      if (!signals(req, res)) oidc(req, res);
    });
  } catch (error) {
    server.close();
    throw error;
  }
  return {
    issuer,
    api: resolved.api,
    ...(resolved.middleTier !== undefined && {
      middleTier: { resource: resolved.middleTier.resource, scopes: resolved.middleTier.scopes },
    }),
    clients: resolved.clients,
    refreshGrants,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function clientId(client: unknown): string {
  return String((client as { clientId?: unknown } | undefined)?.clientId ?? 'an unknown client');
}
