import type { AuthContext, AuthHttpSurface, HttpRequest } from '@identity-web/core/adapter';

/** What `identityWeb()` leaves for `requireAuth()` on the same request. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// Keyed by the request's context, kept out of `ctx.state`, which templating middleware often
// renders wholesale; nothing outlives the request.
const states = new WeakMap<object, RequestState>();

export function bindState(ctx: object, state: RequestState): void {
  states.set(ctx, state);
}

export function stateOf(ctx: object): RequestState | undefined {
  return states.get(ctx);
}
