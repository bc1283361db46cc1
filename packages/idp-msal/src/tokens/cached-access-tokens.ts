// Finds, in msal's serialized cache, an access token of the account the core's refresh rule still serves.
import type { AccountInfo } from '@azure/msal-node';
import { normalizeScopes, OIDC_SCOPES, refreshDueAt } from '@identity-web/core/provider';

// The provider's own read-only look into msal's serialized cache: which of the account's access
// tokens the core's refresh rule still serves, where msal alone would refresh within 300 s.

/** The fields of an access token in msal's serialized cache that the refresh rule reads. */
interface AccessTokenEntity {
  readonly home_account_id?: unknown;
  readonly environment?: unknown;
  readonly credential_type?: unknown;
  readonly client_id?: unknown;
  readonly realm?: unknown;
  readonly target?: unknown;
  readonly secret?: unknown;
  readonly token_type?: unknown;
  readonly cached_at?: unknown;
  readonly expires_on?: unknown;
  readonly refresh_on?: unknown;
  readonly requested_claims_hash?: unknown;
}

/** A cached access token with its times in epoch milliseconds. */
export interface CachedAccessToken {
  readonly secret: string;
  readonly target: string;
  readonly tokenType: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Entra's `refresh_in` as msal stores it (`refresh_on`): refresh from then on. */
  readonly refreshOn?: number;
}

const seconds = (value: unknown): number | undefined => {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(n) ? n * 1000 : undefined;
};

/**
 * The partition (msal's serialized cache) without its access tokens: the refresh token, the
 * account and the ID token stay, so the next call refreshes. Throws for a partition that is no
 * serialized cache (the core then removes the account rather than keep tokens it could not drop).
 */
export function withoutAccessTokens(partition: string): string {
  const cache: unknown = JSON.parse(partition);
  if (typeof cache !== 'object' || cache === null || Array.isArray(cache)) {
    throw new TypeError('not a serialized msal token cache');
  }
  return JSON.stringify({ ...cache, AccessToken: {} });
}

/**
 * The partition (msal's serialized cache) with only its access tokens that have not expired, at
 * most `max` of them (those expiring last); `null` when it is no serialized cache.
 */
export function withLatestAccessTokens(partition: string, now: number, max: number): string | null {
  let cache: unknown;
  try {
    cache = JSON.parse(partition);
  } catch {
    return null;
  }
  if (typeof cache !== 'object' || cache === null || Array.isArray(cache)) return null;
  const section = (cache as { AccessToken?: unknown }).AccessToken;
  if (typeof section !== 'object' || section === null) return partition;
  const live = Object.entries(section as Record<string, AccessTokenEntity>)
    .map(([key, entity]) => ({ key, entity, expiresAt: seconds(entity?.expires_on) ?? 0 }))
    .filter(({ expiresAt }) => expiresAt > now)
    .sort((a, b) => b.expiresAt - a.expiresAt)
    .slice(0, max);
  if (live.length === Object.keys(section).length) return partition;
  return JSON.stringify({ ...cache, AccessToken: Object.fromEntries(live.map(({ key, entity }) => [key, entity])) });
}

/** The partition's access tokens of `account` for this app (msal's serialized cache, read only). */
export function accessTokensOf(partition: string, account: AccountInfo | null, clientId: string): CachedAccessToken[] {
  let section: unknown;
  try {
    section = (JSON.parse(partition) as { AccessToken?: unknown }).AccessToken;
  } catch {
    return [];
  }
  if (typeof section !== 'object' || section === null) return [];
  const found: CachedAccessToken[] = [];
  for (const entity of Object.values(section) as AccessTokenEntity[]) {
    const issuedAt = seconds(entity?.cached_at);
    const expiresAt = seconds(entity?.expires_on);
    if (
      typeof entity?.secret !== 'string' ||
      typeof entity.target !== 'string' ||
      issuedAt === undefined ||
      expiresAt === undefined ||
      entity.client_id !== clientId ||
      String(entity.credential_type).toLowerCase() !== 'accesstoken' ||
      entity.requested_claims_hash !== undefined ||
      (account !== null &&
        (entity.home_account_id !== account.homeAccountId ||
          entity.environment !== account.environment ||
          entity.realm !== account.tenantId))
    ) {
      continue;
    }
    const refreshOn = seconds(entity.refresh_on);
    found.push({
      secret: entity.secret,
      target: entity.target,
      tokenType: typeof entity.token_type === 'string' && entity.token_type !== '' ? entity.token_type : 'Bearer',
      issuedAt,
      expiresAt,
      ...(refreshOn !== undefined && { refreshOn }),
    });
  }
  return found;
}

/**
 * A Bearer token of the partition that covers `scopes` and is not yet due by the core's rule
 * (`refreshDueAt`: the skew or a quarter of its lifetime, whichever is less; Entra's `refresh_on`
 * too). msal would refresh it once it is within 300 s of expiry whatever its lifetime — every call,
 * for the 5-minute tokens Azure AD B2C allows — so the provider serves such a token itself.
 * Scopes match as msal matches them: case-insensitively, without the OpenID ones.
 */
export function servableToken(
  tokens: readonly CachedAccessToken[],
  scopes: readonly string[],
  skewSeconds: number,
  now: number,
): CachedAccessToken | undefined {
  const wanted = normalizeScopes(scopes)
    .filter((s) => !OIDC_SCOPES.has(s))
    .map((s) => s.toLowerCase());
  if (wanted.length === 0) return undefined;
  return tokens.find((token) => {
    const target = new Set(token.target.toLowerCase().split(' '));
    return (
      token.tokenType.toLowerCase() === 'bearer' &&
      wanted.every((s) => target.has(s)) &&
      // msal refuses a token cached "in the future" (the clock was turned back): so do we. Its
      // times are whole seconds rounded to the nearest, so "now" may read up to half a second late.
      token.issuedAt <= now + 1000 &&
      (token.refreshOn === undefined || token.refreshOn > now) &&
      refreshDueAt(token.expiresAt, token.issuedAt, skewSeconds) > now
    );
  });
}
