import { MemoEntry } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { Providers } from '../config/providers.js';
import { TOKENS } from '../config/tokens.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import {
  ErrorCode,
  IdentityWebError,
  type InteractionRequiredError,
  isIdentityWebError,
  isInteractionRequired,
} from '../domain/errors.js';
import type { Session } from '../domain/session.js';
import type { Clock } from '../ports/clock.port.js';
import type { Logger } from '../ports/logger.port.js';
import { AcquireToken, type AcquireTokenRequest } from '../use-cases/acquire-token.js';
import { CallDownstreamApi } from '../use-cases/call-downstream-api.js';
import { UserSessions } from '../use-cases/user-sessions.js';
import { type AuthContext, summarize } from './auth-context.js';
import { type AuthorizeOptions, type AuthorizeVerdict, authorize, SIGNED_IN } from './authorize.js';
import { LogoutNotificationRoutes } from './logout-notification.routes.js';
import { outsideBasePath } from './request-path.js';
import { errorResult, json, redirect } from './responses.js';
import { type Found, SessionCookie } from './session-cookie.js';
import { SignInRoutes } from './sign-in.routes.js';
import { csrf, SignOutRoutes } from './sign-out.routes.js';
import type { AuthHttpSurface, HttpRequest, HttpResult } from './types.js';

type Route = (req: HttpRequest) => Promise<HttpResult>;

const SIGN_IN_LOOP_WINDOW_MS = 2 * 60_000;
/**
 * `Retry-After` of a 503 from a store or the IdP: long enough for a Redis restart or a Cluster
 * failover's promotion, short enough that a client that honours it is not kept waiting for nothing.
 */
const RETRY_AFTER_SECONDS = 5;
/**
 * Interaction reasons that mean the user (or an admin) did not consent to a scope: RFC 6749
 * §5.2 `invalid_scope`, RFC 8707 §2 `invalid_target`, OIDC Core 1.0 §3.1.2.6 `consent_required`
 * and `access_denied`, a web API's RFC 6750 §3.1 `insufficient_scope`, and Entra's AADSTS65001
 * (consent required), AADSTS65004 (consent declined) and AADSTS90094 (admin consent required).
 */
const CONSENT_REASONS: ReadonlySet<string> = new Set([
  'consent_required',
  'invalid_scope',
  'invalid_target',
  'access_denied',
  'insufficient_scope',
  'AADSTS65001',
  'AADSTS65004',
  'AADSTS90094', // admin consent required
]);
/** The names identity-web's error classes give their errors. */
const OWN_ERRORS: ReadonlySet<string> = new Set(['IdentityWebError', 'InteractionRequiredError']);
/** The account's tokens are gone from this app's cache (removed by a logout): sign in again. */
const ACCOUNT_GONE: ReadonlySet<string> = new Set(['account_removed', 'no_tokens_found']);

/**
 * The framework-neutral HTTP surface. Adapters call `handle` for every
 * request (null: not ours, go on), `context` to build the request's auth context, and
 * `challenge` / `handleError` to answer unauthenticated or interaction-required requests.
 */
@injectable()
export class AuthHttp implements AuthHttpSurface {
  private readonly routes: Map<string, Route>;
  /** The context of every request without a live session. */
  private readonly anonymous: AuthContext;
  readonly origin: string;
  readonly basePath: string;

  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.Logger) private readonly logger: Logger,
    @inject(SignInRoutes) signIn: SignInRoutes,
    @inject(SignOutRoutes) signOut: SignOutRoutes,
    @inject(LogoutNotificationRoutes) notifications: LogoutNotificationRoutes,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
    @inject(AcquireToken) private readonly acquire: AcquireToken,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(CallDownstreamApi) private readonly downstream: CallDownstreamApi,
    @inject(UserSessions) private readonly userSessions: UserSessions,
    @inject(Providers) providers: Providers,
  ) {
    this.origin = settings.origin;
    this.basePath = settings.basePath;
    const base = settings.basePath;
    const entries: [string, Route][] = [
      [`GET ${base}/sign-in`, (r) => signIn.signIn(r)],
      // One callback per provider with several (`/callback/{name}`), the one callback with one.
      ...providers.all.flatMap(({ name }): [string, Route][] => {
        const path = name === undefined ? `${base}/callback` : `${base}/callback/${name}`;
        return [
          [`GET ${path}`, (r) => signIn.callback(r, name)],
          [`POST ${path}`, (r) => signIn.callback(r, name)],
        ];
      }),
      [`POST ${base}/sign-out`, (r) => signOut.signOut(r)],
      [`POST ${base}/sign-out-session`, (r) => signOut.signOutSession(r)],
      [`GET ${base}/signed-out`, (r) => signOut.signedOut(r)],
    ];
    if (settings.frontChannel.enabled) {
      entries.push([`GET ${base}/front-channel-logout`, (r) => notifications.frontChannelLogout(r)]);
    }
    if (settings.backChannel.enabled) {
      entries.push([`POST ${base}/back-channel-logout`, (r) => notifications.backChannelLogout(r)]);
    }
    this.routes = new Map(entries);
    this.anonymous = Object.freeze({
      isAuthenticated: false,
      user: null,
      account: null,
      grantedScopes: Object.freeze([]),
      csrfToken: null,
      signOutUrl: `${base}/sign-out`,
      signOutSessionUrl: `${base}/sign-out-session`,
      signInUrl: (returnTo = '/') => signInUrl(base, returnTo),
      acquireToken: () => Promise.reject(notSignedIn()),
      callApi: () => Promise.reject(notSignedIn()),
      sessions: () => Promise.reject(notSignedIn()),
      signOutSession: () => Promise.reject(notSignedIn()),
    });
  }

  /**
   * Answers an auth route, or returns `null` at once for every other request (no promise, so
   * an app route pays no await for it). The promise never rejects.
   */
  handle(req: HttpRequest): Promise<HttpResult> | null {
    if (req.path !== undefined && outsideBasePath(req.path, this.basePath)) return null;
    const path = req.url.pathname;
    if (path !== this.basePath && !path.startsWith(`${this.basePath}/`)) return null;
    // HEAD is not GET here: a prefetcher's HEAD must not start a sign-in or consume a callback.
    const route = this.routes.get(`${req.method} ${path}`);
    if (!this.hostWarned && (path === `${this.basePath}/sign-in` || path.startsWith(`${this.basePath}/callback`))) {
      this.checkHost(req);
    }
    if (!route) {
      const allowed = ['GET', 'POST'].filter((m) => this.routes.has(`${m} ${path}`));
      if (allowed.length === 0) return null;
      const body = { error: ErrorCode.MethodNotAllowed, error_description: 'method not allowed' };
      return Promise.resolve(json(405, body, { allow: allowed.join(', ') }));
    }
    return this.answerRoute(route, req, path);
  }

  /** Whether the warning of {@link checkHost} was written: once per instance at most. */
  private hostWarned = false;

  /**
   * A browser that reaches the app on another host or port than `baseUrl` names is sent back
   * by the provider to `baseUrl`, where the app may not listen (a refused connection) and where
   * the sign-in cookie set here is not sent (cookies are kept per host): a sign-in that cannot
   * end. Nothing is decided from the request's Host (a client sets it); it only explains, and
   * the host it names stays a field, out of the message.
   */
  private checkHost(req: HttpRequest): void {
    const host = (req.header('x-forwarded-host') ?? req.header('host'))?.split(',')[0]?.trim();
    if (host === undefined || host === '' || sameHost(host, this.settings.baseUrl)) return;
    this.hostWarned = true;
    const { origin } = this.settings;
    try {
      this.logger.warn(
        { requestHost: host.slice(0, 255), baseUrl: origin },
        `identity-web: a sign-in request came to another host than baseUrl (${origin}): the provider sends the browser back to baseUrl, where this app may not be listening, and the sign-in cookie set on the request's host is not sent there. Set baseUrl to the origin browsers use (host and port); behind a proxy that rewrites Host, forward it (Host or X-Forwarded-Host)`,
      );
    } catch {
      // A logger that fails must not fail the sign-in it only comments on.
    }
  }

  private async answerRoute(route: Route, req: HttpRequest, path: string): Promise<HttpResult> {
    try {
      return await route(req);
    } catch (error) {
      const area = /\/sign(?:ed)?-out(?:-session)?$/.test(path) ? 'sign-out' : 'sign-in';
      return errorResult(error, this.logger, { area, render: this.settings.renderPage });
    }
  }

  /**
   * The auth context of a request; reads and verifies the session cookie once. Synchronous when
   * the cookie was verified before (the session memo); one frozen context per memo entry,
   * shared by that session's requests, so a hit builds nothing and looks up nothing more.
   */
  context(req: HttpRequest): AuthContext | Promise<AuthContext> {
    const found = this.sessionCookie.lookup(req);
    return found instanceof Promise ? found.then((f) => this.contextOf(f)) : this.contextOf(found);
  }

  private contextOf(found: Found): AuthContext {
    if (found === null) return this.anonymous;
    if (!(found instanceof MemoEntry)) return this.signedIn(found); // the memo is off
    // Built on the session's first request and kept on its memo entry: gone with the entry.
    let context = found.view as AuthContext | undefined;
    if (context === undefined) {
      context = this.signedIn(found.session);
      found.view = context;
    }
    return context;
  }

  private signedIn(session: Session): AuthContext {
    const { account } = session;
    const base = this.settings.basePath;
    const owner = { issuer: session.issuer, subject: account.subject };
    const guard = (error: unknown) => (isInteractionRequired(error) ? this.loopGuard(session, error) : error);
    return Object.freeze({
      isAuthenticated: true,
      user: Object.freeze(summarize(account)),
      account,
      grantedScopes: session.grantedScopes ?? session.scopes ?? [],
      csrfToken: session.csrfToken,
      signOutUrl: `${base}/sign-out`,
      signOutSessionUrl: `${base}/sign-out-session`,
      signInUrl: (returnTo = '/') => signInUrl(base, returnTo),
      acquireToken: (request: string | readonly string[] | AcquireTokenRequest) =>
        this.acquire.execute(account, request, guard),
      callApi: (name: string, path: string, init?: RequestInit) =>
        this.downstream.execute(account, name, path, init).catch((error: unknown) => {
          throw guard(error);
        }),
      sessions: () => this.userSessions.list(owner, session.id),
      signOutSession: async (id: string, csrfToken: string) => {
        if (typeof csrfToken !== 'string' || !timingSafeEqual(csrfToken, session.csrfToken)) {
          throw csrf('the request to end a session lacks a valid CSRF token');
        }
        return this.userSessions.end(owner, id, 'sign-out');
      },
    });
  }

  /**
   * `requireAuth(options)`: `null` lets the request through; otherwise the challenge (no one is
   * signed in) or a 403 `forbidden` (an HTML page for a navigation, JSON otherwise).
   * Synchronous unless a `claim` check is asynchronous.
   */
  authorize(
    req: HttpRequest,
    auth: AuthContext,
    options: AuthorizeOptions = SIGNED_IN,
  ): HttpResult | null | Promise<HttpResult | null> {
    // `requireAuth()` alone, the common case: nothing to check beyond the session.
    if (options === SIGNED_IN && auth.isAuthenticated && auth.account !== null) return null;
    const verdict = authorize(auth, options);
    return verdict instanceof Promise ? verdict.then((v) => this.answer(req, v)) : this.answer(req, verdict);
  }

  private answer(req: HttpRequest, verdict: AuthorizeVerdict): HttpResult | null {
    if (verdict === 'allow') return null;
    if (verdict === 'sign-in') return this.challenge(req);
    return errorResult(verdict, this.logger, {
      format: isBrowserNavigation(req) ? 'html' : 'json',
      render: this.settings.renderPage,
    });
  }

  /**
   * Asks for sign-in (or more consent): a browser navigation is redirected to sign-in with the
   * current URL as `returnTo` and the missing scopes/claims; an API call gets 401 JSON.
   */
  challenge(req: HttpRequest, interaction?: InteractionRequiredError): HttpResult {
    const scopes = interaction?.interaction.scopes ?? [];
    const claims = interaction?.interaction.claims;
    if (isBrowserNavigation(req)) {
      const q = new URLSearchParams({ returnTo: `${req.url.pathname}${req.url.search}` });
      if (scopes.length > 0) q.set('scope', scopes.join(' '));
      if (claims !== undefined) q.set('claims', claims);
      return redirect(`${this.settings.basePath}/sign-in?${q}`, 302);
    }
    const code = interaction ? ErrorCode.InteractionRequired : ErrorCode.NotAuthenticated;
    return json(401, {
      error: code,
      error_description: interaction ? 'more consent or authentication is required' : 'sign-in required',
      ...(scopes.length > 0 && { scopes }),
      ...(claims !== undefined && { claims }),
      signInUrl: `${this.settings.basePath}/sign-in`,
    });
  }

  /**
   * A sign-in that just asked for these very scopes is refused again: another challenge would
   * loop for ever, so say what happened instead — `consent_not_granted` only when the IdP's
   * reason is a refused consent, `sign_in_loop` with that reason otherwise. An account removed
   * meanwhile (a logout raced the request, before or during its refresh) is no loop: the
   * challenge stands, and the sign-in it leads to stores new tokens.
   */
  private loopGuard(session: Session, error: InteractionRequiredError): IdentityWebError {
    const { reason = 'unknown', claims } = error.interaction;
    const asked = new Set(session.scopes ?? []);
    const fresh = this.clock.now() - session.createdAt < SIGN_IN_LOOP_WINDOW_MS;
    if (!fresh || claims !== undefined || ACCOUNT_GONE.has(reason)) return error;
    if (!error.interaction.scopes.every((s) => asked.has(s))) return error;
    const scopes = error.interaction.scopes.join(' ');
    if (CONSENT_REASONS.has(reason)) {
      const message = `The sign-in did not grant the access this page needs (${scopes}).`;
      return new IdentityWebError(ErrorCode.ConsentNotGranted, message, { status: 403, expose: true, cause: error });
    }
    const message = `Signing in again did not help: the identity provider still refuses tokens for ${scopes} (${reason}).`;
    return new IdentityWebError(ErrorCode.SignInLoop, message, { status: 403, expose: true, cause: error });
  }

  /**
   * The adapters' error boundary: interaction-required and not-authenticated become challenges;
   * any other identity-web error whose status is not 500 (a store or the IdP down: 503 with
   * `Retry-After`; a 403, a 502) becomes its own answer, HTML for a navigation, JSON otherwise.
   * `null`: not ours, the app's error handling takes it.
   */
  handleError(req: HttpRequest, error: unknown): HttpResult | null {
    const code = (error as { code?: unknown } | null)?.code;
    if (isInteractionRequired(error)) {
      const { reason, scopes } = error.interaction;
      this.logger.debug({ reason, scopes }, 'identity-web: asking the user to sign in again or consent');
      return this.challenge(req, error);
    }
    if (code === ErrorCode.NotAuthenticated) return this.challenge(req);
    // A store or the IdP failed under the app's own call (`auth.acquireToken`, `auth.callApi`):
    // its status, with Retry-After on a 503 — never a framework's generic 500. A 500 (a bug,
    // an invalid option) stays the app's to handle.
    // Only identity-web's own errors (by name, not instanceof: two copies of the core still agree):
    // an app's `ctx.throw(400, …, { code: 'invalid_request' })` has the same shape and stays the app's.
    if (isIdentityWebError(error) && OWN_ERRORS.has(error.name) && error.status >= 400 && error.status !== 500) {
      const result = errorResult(error, this.logger, {
        format: isBrowserNavigation(req) ? 'html' : 'json',
        render: this.settings.renderPage,
      });
      if (error.status !== 503) return result;
      return { ...result, headers: { ...result.headers, 'retry-after': String(RETRY_AFTER_SECONDS) } };
    }
    if (
      code === ErrorCode.ConsentNotGranted ||
      code === ErrorCode.SignInLoop ||
      code === ErrorCode.Forbidden ||
      code === ErrorCode.SignInRefused
    )
      return errorResult(error, this.logger, {
        format: isBrowserNavigation(req) ? 'html' : 'json',
        render: this.settings.renderPage,
      });
    return null;
  }
}

/** A Host header and `baseUrl` name one host and port (default ports, IPv6 forms and case aside). */
function sameHost(host: string, baseUrl: URL): boolean {
  if (!URL.canParse(`${baseUrl.protocol}//${host}`)) return false;
  const parsed = new URL(`${baseUrl.protocol}//${host}`);
  return parsed.host === baseUrl.host && parsed.pathname === '/' && parsed.username === '';
}

function notSignedIn(): IdentityWebError {
  return new IdentityWebError(ErrorCode.NotAuthenticated, 'no user is signed in', { status: 401 });
}

function signInUrl(basePath: string, returnTo: string): string {
  return `${basePath}/sign-in?returnTo=${encodeURIComponent(returnTo)}`;
}

function isBrowserNavigation(req: HttpRequest): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.header('x-requested-with') !== undefined) return false;
  const mode = req.header('sec-fetch-mode');
  if (mode !== undefined && mode !== 'navigate') return false;
  return (req.header('accept') ?? '').includes('text/html');
}
