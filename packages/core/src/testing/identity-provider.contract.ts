import type {
  AuthorizationRequest,
  IdentityProvider,
  SignInResult,
  SilentTokenRequest,
} from '@identity-web/core/provider';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '../crypto/encoding.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { InteractionRequiredError } from '../domain/interaction-required.js';

/**
 * What an IdP adapter's test gives the shared suite: the provider under test wired to a fake
 * (MSW) or a real local IdP, plus hooks that play the user and the IdP. Nothing here names a
 * protocol detail of one IdP, so `@identity-web/oidc` and `@identity-web/msal` run the same suite.
 *
 * @group Test suites
 */
export interface IdentityProviderContractHarness {
  /** The provider under test. */
  readonly provider: IdentityProvider;
  /** A redirect URI registered for the client. */
  readonly redirectUri: string;
  /** A post-logout redirect URI registered for the client. */
  readonly postLogoutRedirectUri: string;
  /** Scopes to sign in with; the IdP must issue a refresh token for them. */
  readonly signInScopes: readonly string[];
  /** Scopes `acquireTokenSilent` asks for; consented to during sign-in. */
  readonly tokenScopes: readonly string[];
  /** Extra authorization request fields the IdP needs (e.g. `prompt: 'consent'`). */
  readonly authorizationExtras?: Partial<Pick<AuthorizationRequest, 'prompt' | 'loginHint' | 'domainHint'>>;
  /**
   * Plays the browser and the user: follows `url` through the IdP's sign-in (always as the same
   * user) and returns the callback parameters the IdP sent to `redirectUri`.
   */
  authorize(url: URL): Promise<URLSearchParams>;
  /** How many token-endpoint requests the provider has made so far. */
  tokenRequestCount(): number;
  /** Makes the next refresh-token grant fail the way an expired or revoked grant does. */
  failNextRefresh(): void | Promise<void>;
  /** A valid back-channel logout token, signed by the IdP, for the session of `signIn`. */
  mintLogoutToken(signIn: SignInResult): Promise<string>;
  /** Undoes the setup (servers, handlers). */
  close?(): void | Promise<void>;
}

/**
 * Builds a fresh {@link IdentityProviderContractHarness} for each test.
 *
 * @group Test suites
 */
export type IdentityProviderContractSetup = () => Promise<IdentityProviderContractHarness>;

function randomToken(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(verifier: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** Replaces one claim of a signed JWT without re-signing it. */
function withClaim(jwt: string, name: string, value: unknown): string {
  const [header, payload, signature] = jwt.split('.');
  const binary = atob((payload ?? '').replace(/-/g, '+').replace(/_/g, '/'));
  const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
  json[name] = value;
  return `${header}.${toBase64Url(new TextEncoder().encode(JSON.stringify(json)))}.${signature}`;
}

/** Changes one character in the middle of the signature (the last one may be padding bits only). */
function withBrokenSignature(jwt: string): string {
  const parts = jwt.split('.');
  const signature = parts[2] ?? '';
  const i = Math.floor(signature.length / 2);
  parts[2] = `${signature.slice(0, i)}${signature[i] === 'A' ? 'B' : 'A'}${signature.slice(i + 1)}`;
  return parts.join('.');
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error,
  );
}

/**
 * The port-level behaviour every `IdentityProvider` must have. Call it from an adapter's test
 * file; `setup` runs before each test and `close` after it.
 *
 * @example
 * ```ts
 * describeIdentityProviderContract('oidc over MSW', async () => ({ provider, authorize, ... }));
 * ```
 *
 * @group Test suites
 */
export function describeIdentityProviderContract(name: string, setup: IdentityProviderContractSetup): void {
  describe(`IdentityProvider contract: ${name}`, () => {
    let h: IdentityProviderContractHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h?.close?.();
    });

    async function start() {
      const state = randomToken();
      const nonce = randomToken();
      const codeVerifier = randomToken();
      const codeChallenge = await s256(codeVerifier);
      const request = { ...h.authorizationExtras, redirectUri: h.redirectUri, state, nonce, codeChallenge };
      const url = await h.provider.authorizationUrl({ ...request, scopes: h.signInScopes });
      return { url, state, nonce, codeVerifier, codeChallenge };
    }

    async function signIn(): Promise<SignInResult> {
      const t = await start();
      const params = await h.authorize(t.url);
      return h.provider.redeemCode({ ...t, params, redirectUri: h.redirectUri, scopes: h.signInScopes });
    }

    const silent = (extra: Partial<SilentTokenRequest> = {}): SilentTokenRequest => ({
      scopes: h.tokenScopes,
      forceRefresh: false,
      refreshSkewSeconds: 0,
      ...extra,
    });

    it('builds an authorization URL with state, nonce, the S256 challenge, redirect_uri and the scopes', async () => {
      const t = await start();
      const q = t.url.searchParams;
      expect(q.get('state')).toBe(t.state);
      expect(q.get('nonce')).toBe(t.nonce);
      expect(q.get('code_challenge')).toBe(t.codeChallenge);
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('redirect_uri')).toBe(h.redirectUri);
      expect(q.get('response_type')).toBe('code');
      const scopes = (q.get('scope') ?? '').split(' ');
      for (const scope of h.signInScopes) expect(scopes).toContain(scope);
    });

    it('redeems a code into an account with a stable key and a partition, without tokens in the account', async () => {
      const first = await signIn();
      const second = await signIn();
      expect(first.account.key).toBeTypeOf('string');
      expect(first.account.key.length).toBeGreaterThan(0);
      expect(second.account.key).toBe(first.account.key);
      expect(first.account.issuer).toBe(h.provider.issuer);
      expect(first.partition.length).toBeGreaterThan(0);
      if (first.idToken !== undefined) expect(JSON.stringify(first.account)).not.toContain(first.idToken);
    });

    it('rejects a callback whose state does not match, without redeeming the code', async () => {
      const t = await start();
      const params = await h.authorize(t.url);
      const before = h.tokenRequestCount();
      const error = await rejection(
        h.provider.redeemCode({
          ...t,
          state: randomToken(),
          params,
          redirectUri: h.redirectUri,
          scopes: h.signInScopes,
        }),
      );
      expect(error).toBeInstanceOf(IdentityWebError);
      expect((error as IdentityWebError).status).toBe(400);
      expect(h.tokenRequestCount()).toBe(before);
    });

    it('answers from the cache without calling the IdP while the token is fresh', async () => {
      const { account, partition } = await signIn();
      const first = await h.provider.acquireTokenSilent(partition, account, silent());
      const current = first.partition ?? partition;
      const before = h.tokenRequestCount();
      const second = await h.provider.acquireTokenSilent(current, account, silent());
      expect(h.tokenRequestCount()).toBe(before);
      expect(second.partition).toBeNull();
      expect(second.accessToken).toBe(first.accessToken);
      expect(second.expiresAt).toBeGreaterThan(Date.now());
    });

    it('refreshes when forceRefresh is set, and serves the new token from the new partition', async () => {
      const { account, partition } = await signIn();
      const before = h.tokenRequestCount();
      const refreshed = await h.provider.acquireTokenSilent(partition, account, silent({ forceRefresh: true }));
      expect(h.tokenRequestCount()).toBe(before + 1);
      expect(refreshed.partition).not.toBeNull();
      const cached = await h.provider.acquireTokenSilent(refreshed.partition ?? '', account, silent());
      expect(cached.accessToken).toBe(refreshed.accessToken);
      expect(h.tokenRequestCount()).toBe(before + 1);
    });

    it('keeps a margin of the skew or a quarter of the lifetime, whichever is less', async () => {
      const { account, partition } = await signIn();
      const tenYears = 10 * 365 * 24 * 3600;
      const first = await h.provider.acquireTokenSilent(partition, account, silent());
      const before = h.tokenRequestCount();
      const again = await h.provider.acquireTokenSilent(
        first.partition ?? partition,
        account,
        silent({ refreshSkewSeconds: tenYears }),
      );
      if (first.issuedAt === undefined) {
        // A provider that cannot tell the lifetime keeps the whole skew: ten years means now.
        expect(h.tokenRequestCount()).toBe(before + 1);
        expect(again.partition).not.toBeNull();
      } else {
        // A fresh token is three quarters of its life from due, whatever the skew.
        expect(first.issuedAt).toBeLessThanOrEqual(Date.now() + 60_000);
        expect(first.expiresAt).toBeGreaterThan(first.issuedAt);
        expect(h.tokenRequestCount()).toBe(before);
        expect(again).toMatchObject({ accessToken: first.accessToken, partition: null });
      }
    });

    it('turns a rejected refresh token (invalid_grant) into InteractionRequiredError with the scopes', async () => {
      const { account, partition } = await signIn();
      await h.failNextRefresh();
      const error = await rejection(h.provider.acquireTokenSilent(partition, account, silent({ forceRefresh: true })));
      expect(error).toBeInstanceOf(InteractionRequiredError);
      expect((error as InteractionRequiredError).code).toBe(ErrorCode.InteractionRequired);
      for (const scope of h.tokenScopes)
        expect((error as InteractionRequiredError).interaction.scopes).toContain(scope);
    });

    it('builds an end-session URL with the post-logout redirect exactly as given, state and the hint', async () => {
      const { idToken } = await signIn();
      const state = randomToken();
      const url = await h.provider.endSessionUrl({
        postLogoutRedirectUri: h.postLogoutRedirectUri,
        state,
        ...(idToken === undefined ? {} : { idTokenHint: idToken }),
      });
      expect(url).not.toBeNull();
      expect(url?.searchParams.get('post_logout_redirect_uri')).toBe(h.postLogoutRedirectUri);
      expect(url?.searchParams.get('state')).toBe(state);
      if (idToken !== undefined) expect(url?.searchParams.get('id_token_hint')).toBe(idToken);
    });

    it('accepts a valid logout token for the signed-in session', async () => {
      const result = await signIn();
      const claims = await h.provider.verifyLogoutToken(await h.mintLogoutToken(result));
      expect(claims.iss).toBe(h.provider.issuer);
      expect(claims.sub === result.account.subject || (result.sid !== undefined && claims.sid === result.sid)).toBe(
        true,
      );
      expect(claims.jti).toBeTypeOf('string');
      // How long the core remembers the jti: the end of this verifier's acceptance window, after iat.
      expect(Number.isFinite(claims.acceptUntil)).toBe(true);
      expect(claims.acceptUntil).toBeGreaterThan(claims.iat);
    });

    it('rejects a tampered logout token: changed claim or broken signature', async () => {
      const token = await h.mintLogoutToken(await signIn());
      for (const forged of [withClaim(token, 'sub', 'someone-else'), withBrokenSignature(token)]) {
        const error = await rejection(h.provider.verifyLogoutToken(forged));
        expect(error).toBeInstanceOf(IdentityWebError);
        expect((error as IdentityWebError).code).toBe(ErrorCode.InvalidLogoutToken);
        expect((error as IdentityWebError).status).toBe(400);
      }
    });
  });
}
