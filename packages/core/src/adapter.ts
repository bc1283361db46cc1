// @identity-web/core/adapter: for authors of framework adapters. An adapter wraps its request
// in `HttpRequest`, calls `identity.http` and writes the `HttpResult` back; nothing more.

export type { Account } from './domain/account.js';
export {
  ErrorCode,
  IdentityWebError,
  type IdentityWebErrorOptions,
  type InteractionRequest,
  type InteractionRequiredError,
  invalidArgument,
  isIdentityWebError,
  isInteractionRequired,
} from './domain/errors.js';
export type { AccessToken } from './domain/token.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from './http/auth-context.js';
export { checkRequireAuthOptions, type RequireAuthOptions } from './http/authorize.js';
export { cookieValue } from './http/cookie-value.js';
export { type NodeRequestLike, readNodeRequestBody } from './http/node-request-body.js';
export { createRequestSlot, type RequestSlot } from './http/request-slot.js';
export { setCookieHeader } from './http/set-cookie-header.js';
export type {
  AdaptedIdentityWeb,
  AuthHttpSurface,
  CookieOptions,
  CookieToSet,
  HttpRequest,
  HttpResult,
} from './http/types.js';
export type { AcquireTokenRequest } from './use-cases/acquire-token.js';
export type { UserSession } from './use-cases/user-sessions.js';
