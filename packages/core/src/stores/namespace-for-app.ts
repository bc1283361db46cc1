// The `forApp` of a store package that keeps each app's data apart under a namespace of its own.
import { invalidOption } from '../domain/errors.js';
import type { StoreApp } from '../ports/store-app.port.js';

/**
 * The stores' `forApp(app)`, for a set of stores that several apps may share (one Redis, one
 * database): the first app's namespace is used, the same app again is welcome, and another app,
 * or an app told after the stores were used, is refused with an `invalid_option` error on
 * `namespace` that says what to do. With an explicit `namespace`, the apps share it as the app
 * chose, and `forApp` does nothing.
 *
 * @example
 * ```ts
 * return {
 *   forApp: namespaceForApp({ namespace: options.namespace, namespaceOf, use: (ns) => keys.use(ns), what: 'keys' }),
 *   sessionStore: ..., tokenCacheStore: ..., // the ports
 * };
 * ```
 *
 * @group Stores
 */
export function namespaceForApp(options: {
  /** The package's explicit `namespace` option, when the app gave one: `forApp` then does nothing. */
  readonly namespace: string | undefined;
  /** The namespace of an app (a short digest of its issuer and client id, say). */
  readonly namespaceOf: (app: StoreApp) => string;
  /** Moves the stores under `namespace`; throws when they have written data already. */
  readonly use: (namespace: string) => void;
  /** What the namespace keeps apart, for the messages: `'keys'`, `'rows'`. */
  readonly what: string;
}): (app: StoreApp) => void {
  const { namespace, namespaceOf, use, what } = options;
  let served: StoreApp | undefined;
  return function forApp(app) {
    if (namespace !== undefined) return;
    if (served !== undefined && (served.issuer !== app.issuer || served.clientId !== app.clientId)) {
      throw invalidOption(
        'namespace',
        `these stores already serve client "${served.clientId}" of ${served.issuer}: create one set of stores per app (or give the apps one explicit namespace to share their ${what})`,
      );
    }
    try {
      use(namespaceOf(app));
    } catch (error) {
      throw invalidOption(
        'namespace',
        'the stores were used before createIdentityWeb told them their app: pass them to createIdentityWeb first, or give an explicit namespace',
        error,
      );
    }
    served = app;
  };
}
