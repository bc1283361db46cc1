import type { AccountInfo, AuthenticationResult } from '@azure/msal-node';
import { normalizeScopes, OIDC_SCOPES, refreshDueAt, type TokenResult } from '@identity-web/core/provider';
import { idpError } from '../errors.js';

/**
 * msal's fixed renewal window (msal-common `DEFAULT_TOKEN_RENEWAL_OFFSET_SEC`): msal-node offers
 * no way to change it, so msal itself refreshes any cached token expiring within 300 s.
 */
export const MSAL_RENEWAL_OFFSET_SECONDS = 300;

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

/**
 * Whether msal served a cached token that the core's rule says is due: a skew wider than msal's
 * 300 s on a long-lived token. `issuedAt` is the token's `cached_at` (unknown: the whole skew).
 */
export function dueFromCache(
  result: AuthenticationResult,
  issuedAt: number | undefined,
  skewSeconds: number,
  now: number,
): boolean {
  return (
    result.fromCache &&
    result.expiresOn !== null &&
    refreshDueAt(result.expiresOn.getTime(), issuedAt, skewSeconds) <= now
  );
}

/** The port's `TokenResult`; `partition` is `null` when msal's cache came out unchanged. */
export function tokenResult(
  result: AuthenticationResult | null,
  before: string | null,
  after: string,
  issuedAt: number | undefined,
): TokenResult {
  if (result === null || !result.accessToken || result.expiresOn === null) {
    throw idpError('Entra returned no access token');
  }
  return {
    accessToken: result.accessToken,
    expiresAt: result.expiresOn.getTime(),
    ...(issuedAt !== undefined && { issuedAt }),
    scopes: [...result.scopes],
    tokenType: result.tokenType || 'Bearer',
    // serialize() of an untouched cache reproduces its input byte for byte (same key order).
    partition: after === before ? null : after,
  };
}
