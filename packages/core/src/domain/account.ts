/**
 * The signed-in identity.
 *
 * @group Requests
 */
export interface Account {
  /**
   * Cache partition key. Entra: MSAL's home account id `uid.utid` from `client_info`
   * (not oid.tid: guests and personal accounts differ). Generic OIDC: derived from iss + sub.
   */
  readonly key: string;
  /**
   * The name, under `identityProviders`, of the provider the account signed in with (and the
   * start of {@link Account.key}); absent with a single `identityProvider`.
   */
  readonly provider?: string;
  /** The issuer (`iss`) of the ID token the account signed in with. */
  readonly issuer: string;
  /** The subject (`sub`) of that ID token. */
  readonly subject: string;
  /** The tenant (`tid`) for multi-tenant providers such as Entra ID. */
  readonly tenantId?: string;
  /** The sign-in name (`preferred_username`), for display. */
  readonly username?: string;
  /** The display name (`name`). */
  readonly name?: string;
  /** Entra's `login_hint` claim, sent back as `logout_hint`. */
  readonly loginHint?: string;
  /** Extra claims the IdP adapter chooses to expose (oid, email, ...). Never tokens. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/**
 * Derives a partition key from issuer and subject for providers without a home account id.
 *
 * @group Requests
 */
export async function accountKeyFor(issuer: string, subject: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${issuer}\u0000${subject}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest.subarray(0, 16)) hex += b.toString(16).padStart(2, '0');
  return `oidc.${hex}`;
}
