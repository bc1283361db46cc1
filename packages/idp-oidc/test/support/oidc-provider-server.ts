/// <reference types="node" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const RP = {
  clientId: 'identity-web-rp',
  clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789',
  redirectUri: 'http://127.0.0.1/rp/auth/callback',
  postLogoutRedirectUri: 'http://127.0.0.1/rp/auth/signed-out',
  backchannelLogoutUri: 'http://127.0.0.1/rp/auth/back-channel-logout',
} as const;

/** The FAPI 2.0 client of an OP started with `fapi`: its id and its private ES256 key. */
export const FAPI_CLIENT_ID = 'identity-web-fapi';

export interface RunningOp {
  readonly issuer: string;
  /** With `fapi`: the private JWK (`kid` set) the FAPI client signs its assertions with. */
  readonly fapiClientKey?: JWK;
  readonly provider: Provider;
  /** Logout tokens oidc-provider POSTed to the client's backchannel_logout_uri. */
  readonly logoutTokens: string[];
  close(): Promise<void>;
}

/** What a test adds to the provider: more clients, `features.resourceIndicators`. */
export interface OpOptions {
  /** Further clients (oidc-provider client metadata), e.g. one using `private_key_jwt`. */
  readonly clients?: readonly Record<string, unknown>[];
  readonly resourceIndicators?: Record<string, unknown>;
  /** `features.introspection` (RFC 7662) on. */
  readonly introspection?: boolean;
  /**
   * Accounts with a name and an email (`<login>` → `name: "<Login> Example"`), released by the
   * `profile` and `email` scopes. oidc-provider's default `conformIdTokenClaims` then keeps them
   * out of the ID token of a code flow: they are in UserInfo only, as some providers do.
   */
  readonly profileClaims?: boolean;
  /**
   * A FAPI 2.0 authorization server (oidc-provider's `fapi` profile `2.0`): pushed authorization
   * requests required, DPoP with server nonces at every endpoint, and one more client,
   * `FAPI_CLIENT_ID`: `private_key_jwt` (ES256), DPoP-bound tokens, ES256 ID tokens.
   */
  readonly fapi?: boolean;
  /** oidc-provider's `extraTokenClaims`: claims added to its JWT access tokens. */
  readonly extraTokenClaims?: (
    ctx: unknown,
    token: { readonly sid?: string },
  ) => Promise<Record<string, unknown> | undefined>;
  /** Called with the provider once made (say, to register a grant type). */
  readonly configure?: (provider: Provider) => void;
  /** Back-channel deliveries to other clients than the RP: the logout token POSTed to `url`. */
  readonly deliver?: (url: string, logoutToken: string) => Promise<Response>;
}

/**
 * A real oidc-provider v9 on 127.0.0.1 with a random port and one confidential client (and
 * whatever `options` add). Back-channel delivery goes through its `fetch` option to a handler
 * here: its default fetch refuses loopback addresses (SSRF protection), and a test must not
 * reach any network anyway.
 */
export async function startOidcProvider(options: OpOptions = {}): Promise<RunningOp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logoutTokens: string[] = [];
  const fapi = options.fapi === true ? await fapiSetup() : undefined;
  const provider = new Provider(issuer, {
    ...(fapi && { jwks: { keys: fapi.serverKeys } }),
    clients: [
      // The same client twice; the second's ID tokens are RS256, which FAPI 2.0 does not allow.
      ...(fapi
        ? [fapi.client, { ...fapi.client, client_id: `${FAPI_CLIENT_ID}-rs256`, id_token_signed_response_alg: 'RS256' }]
        : []),
      {
        client_id: RP.clientId,
        client_secret: RP.clientSecret,
        redirect_uris: [RP.redirectUri],
        post_logout_redirect_uris: [RP.postLogoutRedirectUri],
        backchannel_logout_uri: RP.backchannelLogoutUri,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      ...(options.clients ?? []),
    ],
    cookies: { keys: ['integration-test-cookie-key'] },
    ...(options.profileClaims && {
      claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: () => ({
          sub,
          name: `${sub.charAt(0).toUpperCase()}${sub.slice(1)} Example`,
          email: `${sub}@example.com`,
          email_verified: true,
        }),
      }),
    }),
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      revocation: { enabled: true },
      ...(options.introspection && { introspection: { enabled: true } }),
      ...(options.resourceIndicators && { resourceIndicators: options.resourceIndicators }),
      ...(fapi && {
        fapi: { enabled: true, profile: '2.0' },
        clientCredentials: { enabled: true },
        pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
        // A nonce at every endpoint (RFC 9449 §8, §9): each first proof is refused once.
        dPoP: { enabled: true, nonceSecret: fapi.nonceSecret, requireNonce: () => true },
      }),
    },
    pkce: { required: () => true },
    // Refresh tokens need offline_access, which oidc-provider grants only with prompt=consent
    // (OIDC Core 1.0 §11); the default issueRefreshToken then issues one. Rotate every time, so the test
    // proves the RP keeps the new refresh token.
    rotateRefreshToken: () => true,
    ...(options.extraTokenClaims && { extraTokenClaims: options.extraTokenClaims }),
    fetch: async (url: string, init: { body?: unknown }) => {
      if (!(init.body instanceof URLSearchParams)) return new Response(null, { status: 404 });
      const token = init.body.get('logout_token') ?? '';
      if (url !== RP.backchannelLogoutUri) return options.deliver?.(url, token) ?? new Response(null, { status: 404 });
      logoutTokens.push(token);
      return new Response(null, { status: 200 });
    },
  });
  options.configure?.(provider);
  server.on('request', provider.callback());
  return {
    issuer,
    ...(fapi && { fapiClientKey: fapi.clientKey }),
    provider,
    logoutTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Keys for a FAPI 2.0 OP: an ES256 server key (and RS256 for the other clients), the client's key. */
async function fapiSetup() {
  const jwk = async (alg: string, kid: string) => ({
    ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).privateKey)),
    kid,
    alg,
    use: 'sig',
  });
  const clientKey = await jwk('ES256', 'fapi-client-1');
  const { d: _private, ...clientPublic } = clientKey;
  return {
    serverKeys: [await jwk('RS256', 'op-rs256'), await jwk('ES256', 'op-es256')],
    clientKey,
    nonceSecret: Buffer.from(crypto.getRandomValues(new Uint8Array(32))),
    client: {
      client_id: FAPI_CLIENT_ID,
      redirect_uris: [RP.redirectUri],
      post_logout_redirect_uris: [RP.postLogoutRedirectUri],
      backchannel_logout_uri: RP.backchannelLogoutUri,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      jwks: { keys: [clientPublic] },
      dpop_bound_access_tokens: true,
      id_token_signed_response_alg: 'ES256',
    },
  };
}
