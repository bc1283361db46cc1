import type { HttpRequest, IdentityWeb } from '@identity-web/core/adapter';
import type { Context } from 'hono';

/** What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on the same request. */
export interface RequestState {
  readonly identity: IdentityWeb;
  readonly req: HttpRequest;
}

// On the request's context under a symbol: out of `c.var` and of reach of anything that does not
// import it; it goes with the context at the end of the request. A hidden property, not a
// WeakMap entry: no ephemeron for the GC.
const STATE = Symbol('identity-web request state');

type WithState = { [STATE]?: RequestState };

export function bindState(c: Context, state: RequestState): void {
  // Not enumerable: `util.inspect`, spreading or copying the context never shows the state,
  // which leads to the identity-web instance and its settings.
  Object.defineProperty(c, STATE, { value: state, enumerable: false, configurable: true, writable: true });
}

export function stateOf(c: Context): RequestState | undefined {
  return (c as unknown as WithState)[STATE];
}
