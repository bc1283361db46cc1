// An account's or the app's token-cache partition: its JSON format, and how its tokens are filed and served.
import {
  type DpopProver,
  normalizeScopes,
  OIDC_SCOPES,
  refreshDueAt,
  type SilentTokenRequest,
  scopeKey,
  type TokenResult,
} from '@identity-web/core/provider';
import { type DpopPrivateJwk, isDpopJwk } from './dpop-key.js';

/**
 * One cached access token. Short keys: the partition is encrypted and stored per account, and
 * read on every cache miss of the core's hot index.
 */
export interface AccessToken {
  /** access token */
  readonly t: string;
  /** expiry, epoch milliseconds */
  readonly e: number;
  /** token type (`Bearer`) */
  readonly y: string;
  /** scopes the token was granted, space-separated */
  readonly s: string;
  /**
   * when it was received, epoch milliseconds: with `e`, the lifetime its refresh margin is a
   * share of (absent in partitions written before it was recorded)
   */
  readonly i?: number;
}

/**
 * The partition of a signed-in account, as a compact JSON string:
 * `{"v":1,"iss":…,"sub":…,"sid":…,"rt":…,"at":{"<scope key>":{"t","e","y","s","i"}},"dk":{…}}`.
 * `iss`/`sub`/`sid` are the id-token facts logout needs; the raw id token stays with the session.
 */
export interface UserPartition {
  readonly v: 1;
  readonly iss: string;
  readonly sub: string;
  readonly sid?: string;
  /** refresh token; replaced on every rotation */
  readonly rt?: string;
  readonly at: Readonly<Record<string, AccessToken>>;
  /**
   * With `dpop`: the private key the account's tokens are bound to (RFC 9449), made at sign-in
   * and kept for every refresh and proof. Removed with the partition, so with the account.
   */
  readonly dk?: DpopPrivateJwk;
}

/** The app partition of client-credentials tokens: `{"v":1,"app":{"<scope key>":{…}},"dk":{…}}`. */
export interface AppPartition {
  readonly v: 1;
  readonly app: Readonly<Record<string, AccessToken>>;
  /** With `dpop`: the private key the app's tokens are bound to (RFC 9449). */
  readonly dk?: DpopPrivateJwk;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isToken(value: unknown): value is AccessToken {
  return (
    isRecord(value) &&
    typeof value.t === 'string' &&
    typeof value.e === 'number' &&
    typeof value.y === 'string' &&
    typeof value.s === 'string' &&
    (value.i === undefined || typeof value.i === 'number')
  );
}

function tokenMap(value: unknown): Record<string, AccessToken> | null {
  if (!isRecord(value)) return null;
  return Object.values(value).every(isToken) ? (value as Record<string, AccessToken>) : null;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) && value.v === 1 ? value : null;
  } catch {
    return null;
  }
}

/** `null` when the text is not a partition of ours (another format, a newer version, garbage). */
export function parseUserPartition(text: string): UserPartition | null {
  const p = parseJson(text);
  if (p === null || typeof p.iss !== 'string' || typeof p.sub !== 'string') return null;
  if ((p.sid !== undefined && typeof p.sid !== 'string') || (p.rt !== undefined && typeof p.rt !== 'string'))
    return null;
  if (p.dk !== undefined && !isDpopJwk(p.dk)) return null;
  const at = tokenMap(p.at);
  return at === null ? null : (p as unknown as UserPartition);
}

/**
 * The user partition without its access tokens (refresh token, DPoP key and id-token facts kept):
 * the next call refreshes. Throws for a partition this package cannot read (the core then
 * removes the account rather than keep tokens it could not drop).
 */
export function withoutAccessTokens(text: string): string {
  const partition = parseUserPartition(text);
  if (partition === null) throw new TypeError('not a user partition of @identity-web/oidc');
  return JSON.stringify({ ...partition, at: {} });
}

export function parseAppPartition(text: string): AppPartition | null {
  const p = parseJson(text);
  if (p === null || tokenMap(p.app) === null || (p.dk !== undefined && !isDpopJwk(p.dk))) return null;
  return p as unknown as AppPartition;
}

/**
 * Cache key of a user token request: the normalized scopes without the OpenID ones, which
 * never name a resource (MSAL matches the same way). `['openid', 'api.read']` and
 * `['api.read']` ask for the same access token.
 */
export function resourceScopeKey(scopes: readonly string[]): string {
  return scopeKey(normalizeScopes(scopes).filter((s) => !OIDC_SCOPES.has(s)));
}

/**
 * Where to file a token: under the key that was asked for, unless the provider granted less
 * than that (RFC 6749 §3.3 lets it), in which case the token must not answer the wider request.
 */
export function cacheKeyFor(requestedKey: string, grantedScope: string | undefined): string {
  if (grantedScope === undefined) return requestedKey;
  const granted = new Set(grantedScope.split(' '));
  const covered = requestedKey === '' || requestedKey.split(' ').every((s) => granted.has(s));
  return covered ? requestedKey : resourceScopeKey([...granted]);
}

/**
 * The key of a token asked for a named resource (RFC 8707): apart from the default resource's
 * tokens, which keep the bare scope key. Scopes never contain a line feed (RFC 6749 §3.3).
 */
export function withResource(key: string, resource: string | undefined): string {
  return resource === undefined ? key : `${key}\n${resource}`;
}

/** Drops tokens that expired long ago so a partition cannot grow without bound. */
export function withToken(
  tokens: Readonly<Record<string, AccessToken>>,
  key: string,
  token: AccessToken,
  now: number,
): Record<string, AccessToken> {
  const kept: Record<string, AccessToken> = {};
  for (const [k, v] of Object.entries(tokens)) if (v.e > now) kept[k] = v;
  kept[key] = token;
  return kept;
}

/** Turns a token endpoint answer into a cache entry; `expires_in` is optional (RFC 6749 §5.1). */
export function toAccessToken(
  response: { access_token: string; token_type: string; expires_in?: number; scope?: string },
  requestedScopes: readonly string[],
  now: number,
): AccessToken {
  // Without expires_in we cannot know the lifetime; a short assumed one errs towards refreshing.
  const lifetime = typeof response.expires_in === 'number' ? response.expires_in : 300;
  return {
    t: response.access_token,
    e: now + lifetime * 1000,
    i: now,
    // oauth4webapi lower-cases the type; send the RFC 6750 / RFC 9449 spelling back to callers.
    y: response.token_type === 'bearer' ? 'Bearer' : response.token_type === 'dpop' ? 'DPoP' : response.token_type,
    s: response.scope ?? normalizeScopes(requestedScopes).join(' '),
  };
}

/**
 * A cached token that may be served as it is: not forced or challenged away, and not yet due
 * (`refreshDueAt`: the skew or a quarter of its lifetime before expiry, whichever is less).
 */
export function servable(
  token: AccessToken | undefined,
  request: SilentTokenRequest,
  now: number,
): token is AccessToken {
  return (
    token !== undefined &&
    !request.forceRefresh &&
    request.claims === undefined &&
    refreshDueAt(token.e, token.i, request.refreshSkewSeconds) > now
  );
}

/**
 * The port's answer for a token; `partition` is `null` when nothing changed. `dpop` goes with a
 * DPoP token only: a Bearer token needs no proof.
 */
export function tokenResult(token: AccessToken, partition: string | null, dpop?: DpopProver): TokenResult {
  return {
    ...(dpop !== undefined && token.y === 'DPoP' && { dpop }),
    accessToken: token.t,
    expiresAt: token.e,
    ...(token.i !== undefined && { issuedAt: token.i }),
    scopes: token.s.split(' '),
    tokenType: token.y,
    partition,
  };
}
