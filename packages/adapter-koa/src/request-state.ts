import type { AuthContext, AuthHttpSurface, HttpRequest } from '@identity-web/core/adapter';

/** What `identityWeb()` leaves for `requireAuth()` on the same request. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// On the request's context under a symbol, out of `ctx.state` (which templating middleware often
// renders wholesale) and out of reach of anything that does not import it; it goes with the
// context at the end of the request. A property, not a WeakMap entry: no ephemeron for the GC.
const STATE = Symbol('identity-web request state');

type WithState = { [STATE]?: RequestState };

export function bindState(ctx: object, state: RequestState): void {
  (ctx as WithState)[STATE] = state;
}

export function stateOf(ctx: object): RequestState | undefined {
  return (ctx as WithState)[STATE];
}
