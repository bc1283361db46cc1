import type { AuthContext } from './auth-context.js';
import type { AuthorizeOptions } from './authorize.js';

/** What the core needs from a request; each adapter wraps its framework's request in this. */
export interface HttpRequest {
  readonly method: string;
  /** The request URL; only its path and query are used (origins come from `baseUrl`). */
  readonly url: URL;
  header(name: string): string | undefined;
  cookie(name: string): string | undefined;
  /** Reads the body as text; rejects beyond `maxBytes`. Called at most once per request. */
  readText(maxBytes: number): Promise<string>;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  readonly sameSite: 'Lax' | 'None' | 'Strict';
  readonly path: '/';
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
}

export interface CookieToSet {
  readonly name: string;
  /** Empty string with `maxAge: 0` deletes the cookie. */
  readonly value: string;
  readonly options: CookieOptions;
}

/** What the adapter writes back: status, headers, cookies (through its own cookie API), body. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: readonly CookieToSet[];
  readonly body: string | null;
}

/**
 * The framework-neutral HTTP surface an adapter translates: it answers the auth routes, builds
 * each request's auth context and turns challenges into answers. `IdentityWeb.http` is one.
 */
export interface AuthHttpSurface {
  /** The app's public origin (from `baseUrl`); adapters build request URLs on it, never on `Host`. */
  readonly origin: string;
  /** Where the auth routes live, e.g. `/auth`. */
  readonly basePath: string;
  /** Answers an auth route, or returns `null` for every other request. Never throws. */
  handle(req: HttpRequest): Promise<HttpResult | null>;
  /** The request's auth context; verifies the session cookie once. */
  context(req: HttpRequest): Promise<AuthContext>;
  /** Asks for sign-in: a redirect for a browser navigation, 401 JSON otherwise. */
  challenge(req: HttpRequest): HttpResult;
  /**
   * `requireAuth(options)`: `null` to let the request through, else the answer: the challenge
   * when no one is signed in, 403 `forbidden` when the signed-in user misses a role, a granted
   * scope or the `claim` check.
   */
  authorize(req: HttpRequest, auth: AuthContext, options?: AuthorizeOptions): Promise<HttpResult | null>;
  /** The adapters' error boundary: a challenge or error page for errors it owns, `null` for the rest. */
  handleError(req: HttpRequest, error: unknown): HttpResult | null;
}
