// @identity-web/core/adapter: for authors of framework adapters. An adapter wraps its request
// in `HttpRequest`, calls `identity.http` and writes the `HttpResult` back; nothing more.

export type { IdentityWeb } from './create-identity-web.js';
export {
  ErrorCode,
  type InteractionRequiredError,
  invalidArgument,
  isIdentityWebError,
  isInteractionRequired,
} from './domain/errors.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from './http/auth-context.js';
export { type AuthorizeOptions, checkAuthorizeOptions } from './http/authorize.js';
export { cookieValue } from './http/cookie-value.js';
export { MAX_FORM_BYTES } from './http/form.js';
export { createRequestSlot, type RequestSlot } from './http/request-slot.js';
export type { AuthHttpSurface, CookieOptions, CookieToSet, HttpRequest, HttpResult } from './http/types.js';
export type { UserRef } from './use-cases/sign-out-user.js';
export type { UserSession } from './use-cases/user-sessions.js';
