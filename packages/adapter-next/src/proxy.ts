// `proxy.ts` (Next.js 16's middleware): the auth routes, a store outage's 503 before any page
// renders, and the paths only signed-in users reach.
import {
  type AdaptedIdentityWeb,
  type RequireAuthOptions,
  requestFlow,
  requireAuthFlow,
} from '@identity-web/core/adapter';
import { NextResponse } from 'next/server';
import { type Carrier, type Continue, nextExchange, PATH_HEADER, refuseNextBasePath } from './web-exchange.js';

/**
 * What {@link IdentityWebNext.identityProxy | identityProxy} guards.
 *
 * @group Setup
 */
export interface IdentityProxyOptions {
  /**
   * The paths only signed-in users reach: a string covers that path and everything under it
   * (`'/orders'`: `/orders`, `/orders/42`, not `/orders-archive`), a `RegExp` is tested on the
   * path. A browser is sent to sign in and back, a script gets 401 JSON. Default: none.
   */
  readonly protect?: readonly (string | RegExp)[];
  /** What a signed-in user needs on those paths (roles, scopes, a claim check); 403 otherwise. Default: nothing more. */
  readonly require?: RequireAuthOptions;
}

/** The proxy of one instance. */
export function proxies(instance: () => AdaptedIdentityWeb) {
  let flow: ((carrier: Carrier, next: Continue) => Response | Promise<Response>) | undefined;
  return function identityProxy(options: IdentityProxyOptions = {}): (request: Request) => Promise<Response> {
    const protect = (options.protect ?? []).map(pathMatcher);
    const guard = requireAuthFlow(options.require, 'nextIdentityWeb()', nextExchange);
    const onward: Continue = (carrier, auth) => {
      const url = new URL(carrier.request.url);
      // The page's path for a render's sign-in link, in place of anything a client sent.
      const pass = () => {
        const headers = new Headers(carrier.request.headers);
        headers.set(PATH_HEADER, `${url.pathname}${url.search}`);
        return NextResponse.next({ request: { headers } });
      };
      const paths = pathForms(url.pathname);
      return protect.some((matches) => paths.some(matches)) ? guard(carrier, pass, auth) : pass();
    };
    // Async: a failure (an instance that cannot be made, say) is a rejection, as the types say.
    return async (request) => {
      refuseNextBasePath(request);
      flow ??= requestFlow(instance(), nextExchange);
      return flow({ request, absolute: true }, onward);
    };
  };
}

/**
 * The path as sent and as decoded: a protected path is matched in either form, whatever a
 * router in front of the app or a later Next.js does with escapes (a path that does not decode
 * is matched as sent).
 */
function pathForms(path: string): string[] {
  try {
    const decoded = decodeURIComponent(path);
    return decoded === path ? [path] : [path, decoded];
  } catch {
    return [path];
  }
}

function pathMatcher(pattern: string | RegExp): (path: string) => boolean {
  if (pattern instanceof RegExp) {
    // Without the `g` and `y` flags, whose `lastIndex` would make one test depend on the last.
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (path) => regexp.test(path);
  }
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new TypeError(
      `identityProxy: "protect" takes paths that start with "/" and RegExps (got ${String(pattern)})`,
    );
  }
  const base = pattern.endsWith('/') && pattern !== '/' ? pattern.slice(0, -1) : pattern;
  return (path) => base === '/' || path === base || path.startsWith(`${base}/`);
}
