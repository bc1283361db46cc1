// What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on a request, in a hidden slot.
import {
  type AuthContext,
  type AuthHttpSurface,
  createRequestSlot,
  type HttpRequest,
} from '@identity-web/core/adapter';

/** What `identityWeb()` leaves for `requireAuth()` and `authErrorHandler()` on the same request. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// In a hidden slot of the request, beside the public `req.auth`: inspecting, spreading or
// logging the request never shows it, and it leads to the identity-web instance and its settings.
const slot = createRequestSlot<RequestState>();

export const bindState: (req: object, state: RequestState) => void = slot.set;
export const stateOf: (req: object) => RequestState | undefined = slot.get;
