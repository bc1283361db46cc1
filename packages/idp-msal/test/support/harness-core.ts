// Test helpers without vitest, so the bench can use them too.
import { createHash, randomBytes } from 'node:crypto';
import type { Account, SignInResult, SilentTokenRequest } from '@identity-web/core/provider';
import { FAKE_ENTRA, type FakeEntra, type FakeUser } from '@identity-web/msal/testing';
import { createMsalProvider, type MsalIdentityProvider, type MsalProviderOptions } from '../../src/index.js';

export function provider(options: Partial<MsalProviderOptions> = {}): MsalIdentityProvider {
  return createMsalProvider({
    tenant: FAKE_ENTRA.tenantId,
    clientId: FAKE_ENTRA.clientId,
    clientSecret: FAKE_ENTRA.clientSecret,
    ...options,
  });
}

export const SIGN_IN_SCOPES = ['openid', 'profile', 'offline_access', FAKE_ENTRA.graphRead] as const;

/** The core's part of a sign-in: state, nonce, PKCE. */
export function transaction() {
  const codeVerifier = randomBytes(32).toString('base64url');
  return {
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    codeVerifier,
    codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
  };
}

/** authorize → (fake user signs in) → callback → redeem: what the core's SignIn does. */
export async function signIn(
  idp: MsalIdentityProvider,
  entra: FakeEntra,
  user: FakeUser,
  scopes: readonly string[] = SIGN_IN_SCOPES,
): Promise<SignInResult> {
  const t = transaction();
  const url = await idp.authorizationUrl({ redirectUri: FAKE_ENTRA.redirectUri, scopes, ...t });
  const params = entra.authorize(url, user);
  return idp.redeemCode({ params, redirectUri: FAKE_ENTRA.redirectUri, scopes, ...t });
}

export function silent(overrides: Partial<SilentTokenRequest> = {}): SilentTokenRequest {
  return { scopes: [FAKE_ENTRA.graphRead], forceRefresh: false, refreshSkewSeconds: 300, ...overrides };
}

interface CacheEntity {
  readonly home_account_id?: string;
  readonly secret?: string;
}

/** Every entity of a serialized msal cache, by section. */
export function entities(partition: string): Record<string, CacheEntity[]> {
  const parsed = JSON.parse(partition) as Record<string, Record<string, CacheEntity>>;
  const out: Record<string, CacheEntity[]> = {};
  for (const [section, values] of Object.entries(parsed)) out[section] = Object.values(values ?? {});
  return out;
}

/** The home account ids that appear anywhere in a partition. */
export function accountsIn(partition: string): Set<string> {
  const ids = new Set<string>();
  for (const list of Object.values(entities(partition))) {
    for (const e of list) if (e.home_account_id) ids.add(e.home_account_id);
  }
  return ids;
}

export type { Account };

/** The partition with every access token `seconds` older: cached, expiring and refreshing that much earlier. */
export function aged(partition: string, seconds: number): string {
  const cache = JSON.parse(partition) as { AccessToken?: Record<string, Record<string, string>> };
  for (const at of Object.values(cache.AccessToken ?? {})) {
    for (const field of ['cached_at', 'expires_on', 'extended_expires_on', 'refresh_on']) {
      if (at[field] !== undefined) at[field] = String(Number(at[field]) - seconds);
    }
  }
  return JSON.stringify(cache);
}
