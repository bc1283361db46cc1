// What the request flow leaves on a framework's request for the middleware after it (the guard,
// the error handler): the instance's HTTP surface, the request as the core read it and its auth
// context.
import type { AuthContext } from './auth-context.js';
import { createRequestSlot } from './request-slot.js';
import type { AuthHttpSurface, HttpRequest } from './types.js';

/** What the flow leaves on a request for the guard and the error handler. */
export interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  auth: AuthContext | undefined;
}

/**
 * In a hidden slot of the framework's request object, out of `ctx.state`, `c.var` and the
 * request's own properties: inspecting, spreading or logging it never shows what leads to the
 * identity-web instance and its settings.
 */
export const requestState = createRequestSlot<RequestState>();
