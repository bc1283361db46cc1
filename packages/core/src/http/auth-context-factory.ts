// Builds each request's auth context: the frozen anonymous one, or a signed-in one per session,
// kept on the session's memo entry so a session's later requests build nothing.
import { MemoEntry } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { DownstreamCalls } from '../config/downstream-apis.js';
import type { Settings } from '../config/settings.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import { isInteractionRequired } from '../domain/interaction-required.js';
import type { Session } from '../domain/session.js';
import { signInLoopGuard } from '../domain/sign-in-loop.js';
import type { Clock } from '../ports/clock.port.js';
import { AcquireToken } from '../use-cases/acquire-token.js';
import type { AcquireTokenRequest } from '../use-cases/acquire-token-request.js';
import type { SessionListing } from '../use-cases/user-sessions.js';
import { type AuthContext, summarize } from './auth-context.js';
import { type Found, SessionCookie } from './session-cookie.js';
import { csrf } from './sign-out.routes.js';
import type { HttpRequest } from './types.js';

@injectable()
export class AuthContextFactory {
  /** The context of every request without a live session. */
  private readonly anonymous: AuthContext;

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(SessionCookie) private readonly sessionCookie: SessionCookie,
    @inject(AcquireToken) private readonly acquire: AcquireToken,
    @inject(DI_KEYS.DownstreamCalls) private readonly downstream: DownstreamCalls,
    @inject(DI_KEYS.SessionList) private readonly sessionList: SessionListing,
  ) {
    const base = settings.basePath;
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
    const guard = (error: unknown) =>
      isInteractionRequired(error) ? signInLoopGuard(session, error, this.clock.now()) : error;
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
      sessions: () => this.sessionList.list(owner, session.id),
      signOutSession: async (id: string, csrfToken: string) => {
        if (typeof csrfToken !== 'string' || !timingSafeEqual(csrfToken, session.csrfToken)) {
          throw csrf('the request to end a session lacks a valid CSRF token');
        }
        return this.sessionList.end(owner, id, 'sign-out');
      },
    });
  }
}

function notSignedIn(): IdentityWebError {
  return new IdentityWebError(ErrorCode.NotAuthenticated, 'no user is signed in');
}

function signInUrl(basePath: string, returnTo: string): string {
  return `${basePath}/sign-in?returnTo=${encodeURIComponent(returnTo)}`;
}
