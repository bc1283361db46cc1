// What the plugin leaves on a request for `requireAuth()` and the error mapping, in a hidden slot.
import { type AuthHttpSurface, createRequestSlot, type HttpRequest } from '@identity-web/core/adapter';

/** What the plugin leaves for `requireAuth()`, `authErrorHandler()` and its own error mapping. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  /** The error Fastify's `onError` saw, until it is answered. */
  failure?: unknown;
}

// In a hidden slot of the Fastify request, not a decoration: logging, serializing or spreading
// the request never shows it, and it leads to the identity-web instance and its settings.
const slot = createRequestSlot<RequestState>();

export const bindState: (request: object, state: RequestState) => void = slot.set;
export const stateOf: (request: object) => RequestState | undefined = slot.get;
