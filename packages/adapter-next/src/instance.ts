// The one identity-web instance of a Next.js server process, made at its first request.
import { ErrorCode, IdentityWebError } from '@identity-web/core';
import type { AdaptedIdentityWeb } from '@identity-web/core/adapter';

/** A mistake in how the adapter is mounted: `invalid_argument`, naming the option at fault. */
const invalidArgument = (option: string, message: string): IdentityWebError =>
  new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: ${message}`, { option });

/**
 * Next.js evaluates a module once per bundle that imports it (the proxy is a bundle of its own)
 * and again after each edit in `next dev`: an instance kept in a module would be several, each
 * with its own in-memory sessions and token cache. So the instance lives in the process, under a
 * registered symbol and the app's `name`, and the first request makes it: `next build` imports
 * the app's modules without a request, and never starts one.
 */
const REGISTRY = Symbol.for('@identity-web/next.instances');

type Registry = Map<string, AdaptedIdentityWeb>;

/**
 * The instance named `name`, made by `create` on first use. A `create` that throws is not called
 * again: every later use throws its error (fix the configuration, restart the server). Two
 * `nextIdentityWeb()` calls of one name share the first's instance: give each its own `name`.
 */
export function processInstance<T extends AdaptedIdentityWeb>(name: string, create: () => T): () => T {
  if (typeof create !== 'function') {
    const given = isAdapted(create) ? 'an instance' : typeof create;
    throw invalidArgument(
      'create',
      `nextIdentityWeb() takes a function that creates the instance, () => createIdentityWeb(options), not ${given}: each of Next.js's bundles (the proxy's, the pages') would otherwise make its own`,
    );
  }
  const holder = globalThis as { [REGISTRY]?: Registry };
  // A create() that threw (options refused: the environment does not change while the process
  // runs) throws the same error again, without a call that could open connections each time.
  let failed: { readonly error: unknown } | undefined;
  return () => {
    if (failed !== undefined) throw failed.error;
    refuseTheEdge();
    holder[REGISTRY] ??= new Map();
    const registry = holder[REGISTRY];
    let identity = registry.get(name) as T | undefined;
    if (identity === undefined) {
      try {
        identity = create();
        if (!isAdapted(identity)) {
          throw invalidArgument(
            'create',
            'nextIdentityWeb(create): create() must return what createIdentityWeb() returns',
          );
        }
      } catch (error) {
        failed = { error };
        throw error;
      }
      registry.set(name, identity);
    }
    return identity;
  };
}

/**
 * Next.js's edge runtime runs each bundle in a sandbox of its own, apart from the Node.js process
 * where route handlers and pages keep their instance: an instance made there would not see one
 * session they keep (in memory, Redis or PostgreSQL, none of which the sandbox reaches), and a
 * guard there would send every signed-in user to sign in again; an API guard there would miss the
 * sign-outs and the DPoP proofs the Node.js routes remember. Refused, saying what to change.
 */
export function refuseTheEdge(): void {
  if (typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime !== 'string') return;
  throw invalidArgument(
    'runtime',
    "@identity-web/next runs on the Node.js runtime, and this code runs on the edge runtime, where it would see none of the app's sessions. In Next.js 15's middleware.ts, add runtime: 'nodejs' to its config (export const config = { runtime: 'nodejs', matcher }); remove export const runtime = 'edge' from a route or page",
  );
}

function isAdapted(value: unknown): value is AdaptedIdentityWeb {
  return typeof (value as Partial<AdaptedIdentityWeb> | null)?.http === 'object';
}
