// The auth context every request sees (`ctx.state.auth`, `c.var.auth`), signed in or not, and its user.
import type { Account } from '../domain/account.js';
import type { AccessToken } from '../domain/token.js';
import type { AcquireTokenRequest } from '../use-cases/acquire-token-request.js';
import type { UserSession } from '../use-cases/user-sessions.js';

/**
 * The signed-in user as an app shows it: no tokens, no secrets.
 *
 * @group Requests
 */
export interface UserSummary {
  /** The account key: the token-cache partition of this user. */
  readonly key: string;
  /** The issuer of the provider that signed the user in. */
  readonly issuer: string;
  /** That provider's name under `identityProviders`; absent with a single `identityProvider`. */
  readonly provider?: string;
  /** The user's subject (`sub`) at that provider. */
  readonly subject: string;
  /** Display name. */
  readonly name?: string;
  /** Sign-in name, such as an e-mail address. */
  readonly username?: string;
  /** Tenant of multi-tenant providers (Entra ID). */
  readonly tenantId?: string;
  /** The `roles` claim (Entra app roles, or app claims added by `onSignIn`). */
  readonly roles?: readonly string[];
  /** The `groups` claim (group object ids in Entra). */
  readonly groups?: readonly string[];
  /**
   * The user is in more groups than the token could carry (Entra's groups overage), so
   * `groups` is absent or incomplete: ask Microsoft Graph for the memberships.
   */
  readonly groupsOverage?: true;
}

/**
 * What every request sees: Koa's `ctx.state.auth`, Hono's `c.var.auth`. Either a
 * {@link SignedInAuthContext} or an {@link AnonymousAuthContext}; `isAuthenticated` tells which,
 * and checking it narrows the type: after `if (auth.isAuthenticated)`, `auth.user.name` needs no
 * `?.`. Behind the adapters' `requireAuth()` the context is typed as signed in from the start.
 *
 * @group Requests
 */
export type AuthContext = SignedInAuthContext | AnonymousAuthContext;

/**
 * The auth context of a request with a live session: what handlers behind `requireAuth()` get,
 * and what `if (auth.isAuthenticated)` narrows an {@link AuthContext} to.
 *
 * @group Requests
 */
export interface SignedInAuthContext {
  /** Whether the request carries a live session: here, always. */
  readonly isAuthenticated: true;
  /** The signed-in user. */
  readonly user: UserSummary;
  /** The signed-in account (what token calls take). */
  readonly account: Account;
  /** Scopes the IdP granted the session's sign-in (`[]` when no one is signed in). */
  readonly grantedScopes: readonly string[];
  /** Echo in the sign-out form (`<input name="csrf">`) or the `X-CSRF-Token` header. */
  readonly csrfToken: string;
  /** POST target of the sign-out form. */
  readonly signOutUrl: string;
  /**
   * POST target of a form that ends one of the user's sessions: fields `session` (a
   * {@link UserSession.id}), `csrf` (`auth.csrfToken`) and optionally `returnTo` (a same-origin
   * path, `/` by default), where the browser goes next.
   */
  readonly signOutSessionUrl: string;
  /** Sign-in URL that returns to `returnTo` (a same-origin path). */
  signInUrl(returnTo?: string): string;
  /**
   * Access token for a web API. Throws `InteractionRequiredError` when the user must consent
   * or re-authenticate; the adapters turn that into a challenge. A DPoP-bound token (`tokenType`
   * `DPoP`) comes with `dpopProof()`: send it as `Authorization: DPoP` with a proof, never as Bearer.
   * @example const { accessToken } = await auth.acquireToken(['api://orders/read']);
   */
  acquireToken(request: string | readonly string[] | AcquireTokenRequest): Promise<AccessToken>;
  /**
   * Calls a web API of `downstreamApis` as the user: `path` is relative to its `baseUrl`
   * (anything leaving it is refused), the access token goes in `Authorization: Bearer` (a DPoP
   * token as `Authorization: DPoP` with a proof of the request, and the API's nonce challenge is
   * answered once), a 401 is retried once with a fresh token, and a claims or scope challenge becomes
   * `InteractionRequiredError` (a sign-in challenge). Returns the fetch `Response` unread.
   * @example const orders = await (await auth.callApi('orders', `/orders?page=${page}`)).json();
   */
  callApi(name: string, path: string, init?: RequestInit): Promise<Response>;
  /**
   * The user's live sessions on every instance (browsers, devices), the newest first, this
   * request's marked `current`: for a "your devices" page. One registry lookup and one session
   * read per session.
   * @example for (const s of await auth.sessions()) console.log(s.device, new Date(s.createdAt), s.current);
   */
  sessions(): Promise<UserSession[]>;
  /**
   * Ends one of the user's sessions on every instance, named by its {@link UserSession.id}: as
   * if that browser had signed out of this app (its account's tokens stay while another of its
   * sessions lives). `csrfToken` is what the request echoed of `auth.csrfToken` (a form field or
   * header): anything else rejects with a 403 `csrf_failed`. Resolves `false` when the id names
   * none of the user's live sessions. `signOutSessionUrl` does the same with no code.
   * @example await auth.signOutSession(ctx.request.body.session, ctx.request.body.csrf);
   */
  signOutSession(id: string, csrfToken: string): Promise<boolean>;
}

/**
 * The auth context of a request without a live session: no user, no account, no CSRF token;
 * `acquireToken()` and `callApi()` reject with "not signed in", which the adapters answer with
 * the sign-in challenge.
 *
 * @group Requests
 */
export interface AnonymousAuthContext
  extends Omit<SignedInAuthContext, 'isAuthenticated' | 'user' | 'account' | 'csrfToken'> {
  /** Whether the request carries a live session: here, never. */
  readonly isAuthenticated: false;
  /** No one is signed in. */
  readonly user: null;
  /** No one is signed in. */
  readonly account: null;
  /** No session, so no sign-out form to protect. */
  readonly csrfToken: null;
}

function strings(value: unknown): readonly string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
}

export function summarize(account: Account): UserSummary {
  const roles = strings(account.claims?.roles);
  const groups = strings(account.claims?.groups);
  return {
    key: account.key,
    issuer: account.issuer,
    ...(account.provider !== undefined && { provider: account.provider }),
    subject: account.subject,
    ...(account.name !== undefined && { name: account.name }),
    ...(account.username !== undefined && { username: account.username }),
    ...(account.tenantId !== undefined && { tenantId: account.tenantId }),
    ...(roles !== undefined && { roles }),
    ...(groups !== undefined && { groups }),
    ...(account.claims?.groupsOverage === true && { groupsOverage: true as const }),
  };
}
