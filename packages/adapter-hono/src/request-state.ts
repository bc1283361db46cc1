import type { HttpRequest, IdentityWeb } from '@identity-web/core/adapter';
import type { Context } from 'hono';

/** What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on the same request. */
export interface RequestState {
  readonly identity: IdentityWeb;
  readonly req: HttpRequest;
}

// Keyed by the request's Context, so nothing leaks into the app's variables or outlives the request.
const states = new WeakMap<Context, RequestState>();

export function bindState(c: Context, state: RequestState): void {
  states.set(c, state);
}

export function stateOf(c: Context): RequestState | undefined {
  return states.get(c);
}
