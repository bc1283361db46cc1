// The `session` option of createIdentityWeb: the session's lifetimes, its cookie, its memo and the session list.

/**
 * The `session` option of `createIdentityWeb`: the signed-in session.
 *
 * @example
 * ```ts
 * import { createIdentityWeb, sessionList } from '@identity-web/core';
 *
 * createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   session: { ttlSeconds: 12 * 3600, idleSeconds: 30 * 60, cookieName: 'shop.session', list: sessionList },
 * });
 * ```
 *
 * @group Setup
 */
export interface SessionOptions {
  /** Absolute session lifetime in seconds. Default 8 hours. */
  ttlSeconds?: number;
  /**
   * Remember each verified session cookie in this process (at most a minute), so a request
   * costs no Web Crypto and no store read. Default `true`. Every instance drops a session the
   * moment it ends or its account is removed anywhere — through the invalidation bus. Turn it
   * off where instances cannot reach each other (Cloudflare Workers isolates): every request then
   * reads its session from the shared store, so a removal takes effect on the next request
   * everywhere.
   */
  memo?: boolean;
  /**
   * The session cookie's name; the sign-in and sign-out transaction cookies are named after
   * it (`<name>.signin.<n>`, `<name>.signout`). On https every name gets the `__Host-` prefix.
   * Default `iw.session`, or `iw.session.<port>` when `baseUrl` names a port: browsers keep
   * cookies per host, not per port, so two apps on one host (`:3001` and `:3002`) would
   * otherwise overwrite each other's session. Instances of one app reached on different ports
   * (behind no common origin) set the same name here. Letters, digits and `!#$%&'*+-.^_\`|~`,
   * at most 64 characters, not starting with `__`.
   */
  cookieName?: string;
  /**
   * End a session after this many seconds without a request (sliding; never beyond
   * `ttlSeconds`). Default: no idle expiry. Activity is written to the session store at most
   * once per quarter of this window, so a user is signed out after between ¾ and all of it.
   */
  idleSeconds?: number;
  /**
   * The session list: `sessionList` from `@identity-web/core`. It serves `auth.sessions()`,
   * `auth.signOutSession()`, `POST {basePath}/sign-out-session`, `identity.sessionsOf()` and
   * `identity.signOutSession()`, and has each sign-in record its device (`Chrome 131 on Windows`)
   * for the list. Without it those methods reject with `invalid_argument`, the route is not
   * served, and the app bundles none of it.
   */
  list?: {
    /** What it lists. */
    readonly lists: 'sessions';
  };
}

/** `session.list` as the core names it inside (no entry exports the name): the core's `sessionList`. */
export type SessionList = NonNullable<SessionOptions['list']>;
