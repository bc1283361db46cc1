import type { AuthContext, AuthHttpSurface, HttpRequest } from '@identity-web/core/adapter';

/** What `identityWeb()` leaves for `requireAuth()` on the same request. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// On the request's context under a symbol, out of `ctx.state` (which templating middleware often
// renders wholesale) and out of reach of anything that does not import it; it goes with the
// context at the end of the request. A hidden property, not a WeakMap entry: no ephemeron for
// the GC.
const STATE = Symbol('identity-web request state');

type WithState = { [STATE]?: RequestState };

export function bindState(ctx: object, state: RequestState): void {
  // Not enumerable: `util.inspect`, spreading or copying the context never shows the state,
  // which leads to the identity-web instance and its settings.
  Object.defineProperty(ctx, STATE, { value: state, enumerable: false, configurable: true, writable: true });
}

export function stateOf(ctx: object): RequestState | undefined {
  return (ctx as WithState)[STATE];
}
