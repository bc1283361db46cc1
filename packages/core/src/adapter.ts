// @identity-web/core/adapter: for authors of framework adapters. An adapter gives `requestFlow`
// its framework's exchange (its request as an `HttpRequest`, how it writes an `HttpResult`, how
// it hands the auth context on) and its idioms; the flow itself is the core's.

export type { Account } from './domain/account.js';
export {
  ErrorCode,
  IdentityWebError,
  type IdentityWebErrorOptions,
  invalidArgument,
} from './domain/errors.js';
export type { AccessToken } from './domain/token.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from './http/auth-context.js';
export type { RequireAuthOptions } from './http/authorize.js';
export { nodeHttpRequest } from './http/node-http-request.js';
export type { NodeRequestLike } from './http/node-request-body.js';
export {
  errorAnswer,
  type FrameworkExchange,
  notedErrorAnswer,
  noteError,
  requestFlow,
  requireAuthCheck,
} from './http/request-flow.js';
export { setCookieHeader } from './http/set-cookie-header.js';
export type {
  AdaptedIdentityWeb,
  AuthHttpSurface,
  CookieOptions,
  CookieToSet,
  HttpRequest,
  HttpResult,
} from './http/types.js';
export { refuseUncalled } from './http/uncalled-factory.js';
export { WebHttpRequest } from './http/web-http-request.js';
export type { AcquireTokenRequest } from './use-cases/acquire-token-request.js';
export type { UserSession } from './use-cases/user-sessions.js';
