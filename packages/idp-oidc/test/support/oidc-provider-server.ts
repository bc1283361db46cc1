/// <reference types="node" />
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const RP = {
  clientId: 'identity-web-rp',
  clientSecret: 'a-client-secret-long-enough-for-hs256-0123456789',
  redirectUri: 'http://127.0.0.1/rp/auth/callback',
  postLogoutRedirectUri: 'http://127.0.0.1/rp/auth/signed-out',
  backchannelLogoutUri: 'http://127.0.0.1/rp/auth/back-channel-logout',
} as const;

export interface RunningOp {
  readonly issuer: string;
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
  /**
   * Accounts with a name and an email (`<login>` → `name: "<Login> Example"`), released by the
   * `profile` and `email` scopes. oidc-provider's default `conformIdTokenClaims` then keeps them
   * out of the ID token of a code flow: they are in UserInfo only, as some providers do.
   */
  readonly profileClaims?: boolean;
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
  const provider = new Provider(issuer, {
    clients: [
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
      ...(options.resourceIndicators && { resourceIndicators: options.resourceIndicators }),
    },
    pkce: { required: () => true },
    // Refresh tokens need offline_access, which oidc-provider grants only with prompt=consent
    // (OIDC Core 1.0 §11); the default issueRefreshToken then issues one. Rotate every time, so the test
    // proves the RP keeps the new refresh token.
    rotateRefreshToken: () => true,
    fetch: async (url: string, options: { body?: unknown }) => {
      if (url !== RP.backchannelLogoutUri || !(options.body instanceof URLSearchParams)) {
        return new Response(null, { status: 404 });
      }
      logoutTokens.push(options.body.get('logout_token') ?? '');
      return new Response(null, { status: 200 });
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    provider,
    logoutTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
