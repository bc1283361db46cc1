// What `identityWeb()` leaves for `requireAuth()` on a request, in a slot hidden from `ctx.state`.
import {
  type AuthContext,
  type AuthHttpSurface,
  createRequestSlot,
  type HttpRequest,
} from '@identity-web/core/adapter';

/** What `identityWeb()` leaves for `requireAuth()` on the same request. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  readonly auth: AuthContext;
}

// In a hidden slot of the request's context, out of `ctx.state` (which templating middleware
// often renders wholesale): inspecting, spreading or copying the context never shows it, and
// it leads to the identity-web instance and its settings.
const slot = createRequestSlot<RequestState>();

export const bindState: (ctx: object, state: RequestState) => void = slot.set;
export const stateOf: (ctx: object) => RequestState | undefined = slot.get;
