import type { Account } from '../domain/account.js';
import type { CachedToken } from '../domain/token.js';
import type { AcquireTokenRequest } from '../use-cases/acquire-token.js';

/** The signed-in user as an app shows it: no tokens, no secrets. */
export interface UserSummary {
  /** The account key: the token-cache partition of this user. */
  readonly key: string;
  /** The provider that signed the user in. */
  readonly issuer: string;
  /** The user's subject (`sub`) at that provider. */
  readonly subject: string;
  /** Display name. */
  readonly name?: string;
  /** Sign-in name, such as an e-mail address. */
  readonly username?: string;
  /** Tenant of multi-tenant providers (Entra ID). */
  readonly tenantId?: string;
}

/** What every request sees: Koa's `ctx.state.auth`, Hono's `c.var.auth`. */
export interface AuthContext {
  /** Whether the request carries a live session. */
  readonly isAuthenticated: boolean;
  /** The signed-in user, or `null`. */
  readonly user: UserSummary | null;
  /** The signed-in account (what token calls take), or `null`. */
  readonly account: Account | null;
  /** Echo in the sign-out form (`<input name="csrf">`) or the `X-CSRF-Token` header. */
  readonly csrfToken: string | null;
  /** POST target of the sign-out form. */
  readonly signOutUrl: string;
  /** Sign-in URL that returns to `returnTo` (a same-origin path). */
  signInUrl(returnTo?: string): string;
  /**
   * Access token for a web API. Throws `InteractionRequiredError` when the user must consent
   * or re-authenticate; the adapters turn that into a challenge.
   * @example const { accessToken } = await auth.acquireToken(['api://orders/read']);
   */
  acquireToken(request: string | readonly string[] | AcquireTokenRequest): Promise<CachedToken>;
}

export function summarize(account: Account): UserSummary {
  return {
    key: account.key,
    issuer: account.issuer,
    subject: account.subject,
    ...(account.name !== undefined && { name: account.name }),
    ...(account.username !== undefined && { username: account.username }),
    ...(account.tenantId !== undefined && { tenantId: account.tenantId }),
  };
}
