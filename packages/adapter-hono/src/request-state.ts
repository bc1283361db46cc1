import type { HttpRequest, IdentityWeb } from '@identity-web/core/adapter';
import type { Context } from 'hono';

/** What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on the same request. */
export interface RequestState {
  readonly identity: IdentityWeb;
  readonly req: HttpRequest;
}

// On the request's context under a symbol: out of `c.var` and of reach of anything that does not
// import it; it goes with the context at the end of the request. A property, not a WeakMap
// entry: no ephemeron for the GC.
const STATE = Symbol('identity-web request state');

type WithState = { [STATE]?: RequestState };

export function bindState(c: Context, state: RequestState): void {
  (c as unknown as WithState)[STATE] = state;
}

export function stateOf(c: Context): RequestState | undefined {
  return (c as unknown as WithState)[STATE];
}
