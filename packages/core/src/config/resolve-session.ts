// The `session` option checked: its cookie's lifetime and names, the memo, the session list.
import { invalidOption } from '../domain/errors.js';
import { optionalBoolean, optionalNumber } from '../domain/option-checks.js';
import type { IdentityWebOptions } from './options.js';
import type { SessionList } from './session-options.js';
import type { Settings } from './settings.js';

function fail(option: string, expected: string): never {
  throw invalidOption(option, expected);
}

// Browsers cap cookie lifetimes at 400 days (RFC 6265bis §5.5) and some serializers refuse more.
const MAX_COOKIE_SECONDS = 400 * 86400;

/** A cookie's lifetime in seconds: a whole number from 1 to 400 days. */
export function cookieSeconds(value: unknown, option: string, fallback: number): number {
  return optionalNumber(value, option, fallback, { min: 1, max: MAX_COOKIE_SECONDS, integer: true, note: '400 days' });
}

/**
 * The session memo is only as current as the invalidation bus: where the bus cannot reach every
 * instance, a memo would keep an ended session alive elsewhere, so it is off there.
 */
export function sessionMemo(options: IdentityWebOptions): boolean {
  const busReachesAll = optionalBoolean(
    options.stores?.invalidationBus?.reachesEveryInstance,
    'stores.invalidationBus.reachesEveryInstance',
    true,
  );
  const memo = optionalBoolean(options.session?.memo, 'session.memo', busReachesAll);
  if (memo && !busReachesAll) {
    fail(
      'session.memo',
      'must not be true with these stores: their invalidation bus reaches only this instance (a Worker isolate cannot be sent a message), so a sign-out on one instance would leave the session remembered on the others. Leave "session.memo" out',
    );
  }
  return memo;
}

// A cookie name is an RFC 6265 §4.1.1 token; `__` starts the prefixes browsers give meaning to.
const COOKIE_NAME = /^(?!__)[A-Za-z0-9!#$%&'*+\-.^_`|~]{1,64}$/;

/**
 * Cookie names of the app. Browsers keep cookies per host, not per port (RFC 6265 §8.5), so a
 * `baseUrl` with a port of its own gets names of its own: two apps on one host stay signed in.
 */
export function cookieNames(option: unknown, baseUrl: URL, secure: boolean): Settings['cookies'] {
  const name = option === undefined ? (baseUrl.port === '' ? 'iw.session' : `iw.session.${baseUrl.port}`) : option;
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
    fail(
      'session.cookieName',
      "must be 1 to 64 letters, digits or !#$%&'*+-.^_`|~, not starting with __ (the __Host- prefix is added on https)",
    );
  }
  // __Host- cookies are pinned to this origin, path / and Secure (RFC 6265bis §4.1.3.2).
  const full = `${secure ? '__Host-' : ''}${name}`;
  return { session: full, signIn: `${full}.signin`, signOut: `${full}.signout` };
}

/** The session list of this copy of the package (session-list.ts files it): the one value taken. */
const LISTS = new WeakSet<object>();

/** Files `list` as this copy's session list; marked pure, so an app that does not import it keeps none of it. */
export function ownSessionList<T extends object>(list: T): T {
  LISTS.add(list);
  return list;
}

/**
 * `session.list`: this copy's `sessionList`, or none. Another copy's (two versions of the package
 * installed) would wire classes this instance's container does not know, and fail at its first use.
 */
export function sessionList(option: unknown): SessionList | null {
  if (option === undefined) return null;
  if (typeof option !== 'object' || option === null || !LISTS.has(option)) {
    const foreign = typeof (option as { wire?: unknown } | null)?.wire === 'function';
    fail(
      'session.list',
      foreign
        ? 'is the sessionList of another copy of @identity-web/core: import sessionList from the package that gives createIdentityWeb'
        : 'must be sessionList from @identity-web/core',
    );
  }
  return option as SessionList;
}
