import type { IdentityProvider, SignInResult } from '@identity-web/core/provider';
import { createOidcApiProvider, type OidcProviderOptions } from '@identity-web/oidc';
import { FAKE_OPENID, type FakeAuthorizeOptions, FakeOpenIdProvider } from '@identity-web/oidc/testing';
import { setupServer } from 'msw/node';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export const SIGN_IN_SCOPES = ['openid', 'profile', 'offline_access', 'api.read'] as const;

/** One fake IdP behind MSW for a test file, reset before each test. */
export function useFakeOpenIdProvider(): FakeOpenIdProvider {
  const idp = new FakeOpenIdProvider();
  const server = setupServer(...idp.handlers());
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => idp.reset());
  afterAll(() => server.close());
  return idp;
}

/**
 * A provider for the fake: `createOidcApiProvider`'s, which is `createOidcProvider`'s (the same
 * methods, made by the same code) with an API's methods besides, so one harness tests both.
 */
export function newProvider(options: Partial<OidcProviderOptions> = {}) {
  return createOidcApiProvider({
    issuer: FAKE_OPENID.issuer,
    clientId: FAKE_OPENID.clientId,
    clientSecret: FAKE_OPENID.clientSecret,
    ...options,
  });
}

/**
 * Starts a sign-in the way the core does: fresh state, nonce and PKCE verifier. `at`: another
 * redirect URI (a real provider's client) and a `prompt`.
 */
export async function startSignIn(
  provider: IdentityProvider,
  scopes: readonly string[] = SIGN_IN_SCOPES,
  at: { readonly redirectUri?: string; readonly prompt?: string } = {},
) {
  const { redirectUri = FAKE_OPENID.redirectUri, prompt } = at;
  const state = oauth.generateRandomState();
  const nonce = oauth.generateRandomNonce();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const codeChallenge = await oauth.calculatePKCECodeChallenge(codeVerifier);
  const request = { redirectUri, state, nonce, codeChallenge, scopes, ...(prompt !== undefined && { prompt }) };
  const url = await provider.authorizationUrl(request);
  return { url, state, nonce, codeVerifier, scopes, redirectUri };
}

export async function signIn(
  provider: IdentityProvider,
  idp: FakeOpenIdProvider,
  options: FakeAuthorizeOptions & { scopes?: readonly string[] } = {},
): Promise<SignInResult> {
  const transaction = await startSignIn(provider, options.scopes);
  const params = await idp.authorize(transaction.url, options);
  return provider.redeemCode({ ...transaction, params });
}

/** Vitest's `rejects` gives the error; this returns it for property assertions. */
export async function caught(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}
