// What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on a request, in a hidden slot.
import { type AdaptedIdentityWeb, createRequestSlot, type HttpRequest } from '@identity-web/core/adapter';
import type { Context } from 'hono';

/** What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on the same request. */
export interface RequestState {
  readonly identity: AdaptedIdentityWeb;
  readonly req: HttpRequest;
}

// In a hidden slot of the request's context, out of `c.var`: inspecting, spreading or copying
// the context never shows it, and it leads to the identity-web instance and its settings.
const slot = createRequestSlot<RequestState>();

export const bindState: (c: Context, state: RequestState) => void = slot.set;
export const stateOf: (c: Context) => RequestState | undefined = slot.get;
