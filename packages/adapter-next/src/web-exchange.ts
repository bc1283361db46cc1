// Next.js's side of the exchange with the core: a Fetch request in, the core's answer as a Fetch response out.
import {
  type AuthContext,
  type FrameworkExchange,
  type HttpResult,
  setCookieHeader,
  WebHttpRequest,
} from '@identity-web/core/adapter';

/**
 * The core's answer as a Fetch `Response`, its cookies as `Set-Cookie` headers (route handlers
 * and the proxy answer with plain Web responses; nothing goes through `cookies()` there).
 */
export function toResponse(result: HttpResult, origin?: string): Response {
  const headers = new Headers(result.headers);
  // The proxy's answers go through Next.js's middleware handling, which takes only absolute
  // redirects: a path is made absolute on the app's configured origin (never on `Host`).
  const location = headers.get('location');
  if (origin !== undefined && location?.startsWith('/') && !location.startsWith('//')) {
    headers.set('location', new URL(location, origin).href);
  }
  for (const cookie of result.cookies) headers.append('set-cookie', setCookieHeader(cookie));
  return new Response(result.body, { status: result.status, headers });
}

/** What a route handler, the proxy or a render hands the request flow: one object per request. */
export interface Carrier {
  /** The Fetch request (route handlers and the proxy), or one made of a render's headers. */
  readonly request: Request;
  /** The app's origin (from `baseUrl`), once the flow has read the request. */
  origin?: string;
  /** Where identity-web's routes live (`basePath`), for the catch-all route. */
  readonly basePath?: string;
  /**
   * `true` for the proxy's requests: its answers go through Next.js's middleware handling, which
   * takes only absolute redirects.
   */
  readonly absolute?: boolean;
}

/** What goes on after the flow: the catch-all route's answer, the app's route handler, or the page. */
export type Continue = (carrier: Carrier, auth: AuthContext) => Response | Promise<Response>;

/**
 * Next.js's side of the request flow and the guard, for route handlers and the proxy alike: a
 * Fetch request in, a Fetch response out (the proxy's redirects absolute on the app's origin).
 */
export const nextExchange: FrameworkExchange<Carrier, Continue, Response> = {
  request(carrier, origin) {
    carrier.origin = origin;
    return new WebHttpRequest(carrier.request, origin);
  },
  answer: (carrier, _next, result) => toResponse(result, carrier.absolute === true ? carrier.origin : undefined),
  proceed: (carrier, next, auth) => next(carrier, auth),
};

/**
 * The request header {@link IdentityWebNext.identityProxy | identityProxy} sets to the path and query it saw, so that a render
 * (which Next.js does not tell its URL) can send a user to sign in and back to the same page.
 * The proxy overwrites whatever a client sent in it; without the proxy a client can only choose
 * where it comes back to after signing in, which is checked like any `returnTo` (same origin,
 * a path).
 */
export const PATH_HEADER = 'x-identity-web-path';

/**
 * Under `basePath`: the catch-all route's 503 page (with `Retry-After`), where a render sends a
 * browser when a store it needed is down, as the other adapters answer such a request.
 */
export const UNAVAILABLE = '/unavailable';

/**
 * Next.js's `basePath` (in next.config) moves every route under a prefix that route handlers do
 * not see in their URL but the proxy does, and that `redirect()` adds again: protected paths
 * would not match and redirects would double it. Until it is supported, it is refused at the
 * first request that shows it, rather than leaving a protected path open.
 */
export function refuseNextBasePath(request: Request): void {
  const basePath = (request as { nextUrl?: { basePath?: unknown } }).nextUrl?.basePath;
  if (typeof basePath === 'string' && basePath !== '') {
    throw new TypeError(
      `@identity-web/next: next.config's basePath (${basePath}) is not supported: serve the app at the root of its origin`,
    );
  }
}
