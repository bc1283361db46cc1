/**
 * An access token as app code gets it (`auth.acquireToken`, `identity.acquireTokenForApp`): from the cache or fresh from the provider.
 *
 * @group Requests
 */
export interface AccessToken {
  /** The access token, to send as `Authorization: <tokenType> ...`. */
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** The scopes the token was granted for. */
  readonly scopes: readonly string[];
  /**
   * `Bearer`, or `DPoP` for a sender-constrained token (RFC 9449): send that one as
   * `Authorization: DPoP <accessToken>` with a proof from `dpopProof`, never as a Bearer token.
   */
  readonly tokenType: string;
  /**
   * DPoP-bound tokens only (`tokenType` `DPoP`): a proof for one request to the API (RFC 9449
   * §7), for the `DPoP` header. Make one per request: each has its own `jti`. When the API answers
   * 401 with `WWW-Authenticate: DPoP error="use_dpop_nonce"`, make a new one with the nonce of its
   * `DPoP-Nonce` header and send the request again. `auth.callApi` does all of this by itself.
   * @param method - the request's HTTP method
   * @param url - the request's URL (its query and fragment are not part of the proof)
   * @param options - `nonce`: the API's latest `DPoP-Nonce`
   */
  readonly dpopProof?: (
    method: string,
    url: string | URL,
    options?: { readonly nonce?: string | undefined },
  ) => Promise<string>;
}

/**
 * The share of a token's granted lifetime kept back as its refresh margin when that is less than
 * the configured skew. A quarter: a token is served for three quarters of its life, so an active
 * user costs at most 4/3 of the grants an ideal cache would (a half would cost twice as many),
 * and the margin still outlasts a slow downstream call and ordinary clock drift — 2 s of an 8 s
 * token, 15 s of a 60 s one, 75 s of a 300 s one; from 20 minutes up the 300 s skew decides.
 */
export const REFRESH_MARGIN_SHARE = 0.25;

/**
 * When a token stops being served and is refreshed instead (epoch ms):
 * `expiresAt − min(skew, REFRESH_MARGIN_SHARE × lifetime)`, the lifetime being what the IdP
 * granted (`expiresAt − issuedAt`, `issuedAt` as received). Without a usable `issuedAt` (a token
 * cached before it was recorded; one that is not a finite number or not before `expiresAt`) the
 * whole skew applies, as it always did: a garbage time never shrinks the margin.
 *
 * @param expiresAt - the token's expiry, epoch ms
 * @param issuedAt - when the token was received, epoch ms
 * @param skewSeconds - `tokenCache.refreshSkewSeconds`
 *
 * @group Provider port
 */
export function refreshDueAt(expiresAt: number, issuedAt: number | undefined, skewSeconds: number): number {
  const skew = skewSeconds * 1000;
  if (issuedAt === undefined || !Number.isFinite(issuedAt) || issuedAt >= expiresAt) return expiresAt - skew;
  return expiresAt - Math.min(skew, (expiresAt - issuedAt) * REFRESH_MARGIN_SHARE);
}
