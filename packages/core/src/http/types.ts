// The contract between the core and a framework adapter: the request it wraps, the result it writes back.
import type { AuthContext } from './auth-context.js';
import type { RequireAuthOptions } from './authorize.js';

/**
 * What the core needs from a request; each adapter wraps its framework's request in this.
 *
 * @group HTTP
 */
export interface HttpRequest {
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The request URL; only its path and query are used (origins come from `baseUrl`). */
  readonly url: URL;
  /**
   * Optional: the request target's path as received, before any `?`. With it, the core passes
   * over a request outside `basePath` without reading `url`, so an adapter can build `url`
   * lazily (a getter) and most app requests never parse one. A path the URL parser would
   * rewrite (dot segments, escapes, backslashes) is still matched on `url.pathname`.
   */
  readonly path?: string;
  /** One request header by name (case-insensitive), or `undefined`. */
  header(name: string): string | undefined;
  /** One cookie of the request by name, or `undefined`. */
  cookie(name: string): string | undefined;
  /** Reads the body as text; rejects beyond `maxBytes`. Called at most once per request. */
  readText(maxBytes: number): Promise<string>;
}

/**
 * The attributes of a cookie the core asks an adapter to set.
 *
 * @example
 * ```ts
 * import type { CookieToSet } from '@identity-web/core/adapter';
 *
 * // What an adapter for a framework without a cookie API writes for each cookie of a result.
 * function setCookieHeader({ name, value, options }: CookieToSet): string {
 *   const flags = `${options.secure ? '; Secure' : ''}${options.httpOnly ? '; HttpOnly' : ''}`;
 *   const attributes = `Path=${options.path}; Max-Age=${options.maxAge}; SameSite=${options.sameSite}${flags}`;
 *   return `${name}=${encodeURIComponent(value)}; ${attributes}`;
 * }
 * ```
 *
 * @group HTTP
 */
export interface CookieOptions {
  /** Hidden from page scripts; always `true` for identity-web's cookies. */
  readonly httpOnly: boolean;
  /** Sent over https only. */
  readonly secure: boolean;
  /** The `SameSite` attribute. */
  readonly sameSite: 'Lax' | 'None' | 'Strict';
  /** Always `/` (required by the `__Host-` prefix). */
  readonly path: '/';
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
}

/**
 * A cookie the core asks an adapter to set (or delete).
 *
 * @group HTTP
 */
export interface CookieToSet {
  /** The cookie name, with the `__Host-` prefix on https. */
  readonly name: string;
  /** Empty string with `maxAge: 0` deletes the cookie. */
  readonly value: string;
  /** The attributes to set it with. */
  readonly options: CookieOptions;
}

/**
 * What the adapter writes back: status, headers, cookies (through its own cookie API), body.
 *
 * @group HTTP
 */
export interface HttpResult {
  /** The HTTP status. */
  readonly status: number;
  /** Response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Cookies to set or delete, through the framework's cookie API. */
  readonly cookies: readonly CookieToSet[];
  /** The body, or `null` for none. */
  readonly body: string | null;
}

/**
 * The framework-neutral HTTP surface an adapter translates: it answers the auth routes, builds
 * each request's auth context and turns challenges into answers. `IdentityWeb.http` is one.
 *
 * @group HTTP
 */
export interface AuthHttpSurface {
  /** The app's public origin (from `baseUrl`); adapters build request URLs on it, never on `Host`. */
  readonly origin: string;
  /** Where the auth routes live, e.g. `/auth`. */
  readonly basePath: string;
  /**
   * Answers an auth route (a promise that never rejects), or returns `null` at once for every
   * other request.
   */
  handle(req: HttpRequest): Promise<HttpResult> | null;
  /**
   * The request's auth context; verifies the session cookie once. Synchronous when the cookie
   * was verified before; the context is frozen and shared by the requests of one session.
   */
  context(req: HttpRequest): AuthContext | Promise<AuthContext>;
  /** Asks for sign-in: a redirect for a browser navigation, 401 JSON otherwise. */
  challenge(req: HttpRequest): HttpResult;
  /**
   * `requireAuth(options)`: `null` to let the request through, else the answer: the challenge
   * when no one is signed in, 403 `forbidden` when the signed-in user misses a role, a granted
   * scope or the `claim` check. Synchronous unless the `claim` check returns a promise.
   */
  authorize(
    req: HttpRequest,
    auth: AuthContext,
    options?: RequireAuthOptions,
  ): HttpResult | null | Promise<HttpResult | null>;
  /**
   * The adapters' error boundary: a challenge or error page for errors it owns, `null` for the
   * rest. `logged`: the failure was logged already (a page the flow sent the browser to after
   * logging it), so its answer is not logged again.
   */
  handleError(req: HttpRequest, error: unknown, logged?: boolean): HttpResult | null;
  /** Logs a warning about how the app mounted identity-web, through the app's logger (`event` names it). */
  warn(event: string, message: string): void;
}

/**
 * The part of what `createIdentityWeb()` returns that a framework adapter uses: its HTTP
 * surface. Adapters take this, so an app passes its `IdentityWeb` as it is.
 *
 * @group HTTP
 */
export interface AdaptedIdentityWeb {
  /** The HTTP surface the adapter translates. */
  readonly http: AuthHttpSurface;
}
