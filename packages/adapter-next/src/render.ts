// Server components and server actions: the request's auth context read from `headers()`, and
// the page guard. Nothing here writes a cookie: a render cannot, and the token cache needs none.

import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  authReader,
  errorAnswer,
  type HttpResult,
  type RequireAuthOptions,
  requireAuthFlow,
  type SignedInAuthContext,
  WebHttpRequest,
} from '@identity-web/core/adapter';
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { type Carrier, PATH_HEADER, UNAVAILABLE } from './web-exchange.js';

/**
 * `requireAuth()`'s options: the guard's, and where a user who must sign in comes back to.
 *
 * @group Route guards
 */
export interface RequirePageAuthOptions extends RequireAuthOptions {
  /**
   * The path (and query) to come back to after signing in. Default: the page's own, as
   * {@link IdentityWebNext.identityProxy | identityProxy} passes it on; without the proxy, `/`.
   */
  readonly returnTo?: string;
}

/** The render side of one instance. */
export function renders(instance: () => AdaptedIdentityWeb) {
  let read: ReturnType<typeof authReader> | undefined;
  const readAuth = async (returnTo?: string) => {
    // `headers()` first: it tells Next.js the page is dynamic, before `next build` would
    // prerender it and make an instance (with whatever the build's environment holds).
    const request = await renderRequest(returnTo);
    const carrier: Carrier = { request };
    const adapted = instance();
    read ??= authReader(adapted);
    // Where the auth routes live (a setting, read; no step of the flow is taken here).
    const later = `${adapted.http.basePath}${UNAVAILABLE}`;
    try {
      const auth = await read(carrier, (origin) => new WebHttpRequest(request, origin));
      return { carrier, auth: withChallenges(carrier, auth, later) };
    } catch (error) {
      return answerFailure(carrier, error, later);
    }
  };
  return {
    async auth(): Promise<AuthContext> {
      return (await readAuth()).auth;
    },
    async requireAuth(options: RequirePageAuthOptions = {}): Promise<SignedInAuthContext> {
      const { returnTo, ...rules } = options;
      const guard = requireAuthFlow(rules, 'nextIdentityWeb()', pageGuard);
      const { carrier, auth } = await readAuth(returnTo);
      return guard(carrier, null, auth) as Promise<SignedInAuthContext> | SignedInAuthContext;
    },
  };
}

/** A page's guard: the context a signed-in user may see, or the redirect (or 403 page) Next.js throws. */
const pageGuard = {
  answer: (_carrier: Carrier, _next: null, denied: HttpResult): AuthContext => follow(denied),
  proceed: (_carrier: Carrier, _next: null, auth: AuthContext): AuthContext => auth,
};

async function renderRequest(returnTo: string | undefined): Promise<Request> {
  const incoming = await headers();
  const path = localPath(returnTo ?? incoming.get(PATH_HEADER) ?? '/');
  const forwarded = new Headers(incoming);
  // A render is a navigation: the page asks for sign-in with a redirect, never with 401 JSON.
  forwarded.set('accept', 'text/html');
  forwarded.set('sec-fetch-mode', 'navigate');
  forwarded.delete('x-requested-with');
  return new Request(`http://render.invalid${path}`, { headers: forwarded });
}

/**
 * A path (and query) on this site, or `/`: parsed as a URL first, so that no form a browser or a
 * URL parser would read as another origin (`//host`, `/\\host`, dot segments, tabs) passes.
 */
function localPath(path: string): string {
  if (path.length > 2048 || !path.startsWith('/')) return '/';
  const base = 'http://render.invalid';
  const url = URL.parse(path, base);
  if (url === null || url.origin !== base) return '/';
  const local = `${url.pathname}${url.search}`;
  return local.startsWith('//') || local.startsWith('/\\') ? '/' : local;
}

/**
 * The context with `acquireToken` and `callApi` turning identity-web's challenges into Next.js
 * navigations: a token that needs the user (consent, a step at the provider, a new sign-in)
 * redirects the page there and back.
 */
function withChallenges<A extends AuthContext>(carrier: Carrier, auth: A, later: string): A {
  const rethrow = (error: unknown) => answerFailure(carrier, error, later);
  const acquireToken: AuthContext['acquireToken'] = (request) => auth.acquireToken(request).catch(rethrow);
  const callApi: AuthContext['callApi'] = (name, path, init) => auth.callApi(name, path, init).catch(rethrow);
  // A frozen plain object, as the core's context is: spread, serialized or listed, it shows the same.
  return Object.freeze({ ...auth, acquireToken, callApi }) as unknown as A;
}

/**
 * A failure in a render, answered as identity-web answers it elsewhere where Next.js lets a
 * render: a challenge's redirect; for a store that is down (an answer with `Retry-After`), a
 * redirect to the catch-all route's 503 page, since a render cannot set its own status and would
 * otherwise be a 500. Any other error is thrown on.
 */
function answerFailure(carrier: Carrier, error: unknown, later: string): never {
  const answer = errorAnswer(carrier, error);
  if (answer === null) throw error;
  if (answer.headers.location !== undefined) follow(answer);
  if (answer.headers['retry-after'] !== undefined) redirect(later);
  throw error;
}

/** The status of `requireAuth`'s refusal of a signed-in user, by the error table. */
const FORBIDDEN = new IdentityWebError(ErrorCode.Forbidden, 'forbidden').status;

/** Follows an answer from a render: its redirect, or Next.js's 403 page. */
function follow(answer: HttpResult): never {
  if (answer.cookies.length > 0) {
    // No challenge sets cookies today; one that did must not lose them in a render.
    throw new Error('identity-web: an answer that sets cookies reached a render, which cannot write them');
  }
  const location = answer.headers.location;
  if (location !== undefined) redirect(location);
  if (answer.status === FORBIDDEN) forbidden();
  throw new Error(`identity-web: the page cannot be shown (${answer.status})`);
}
