// @identity-web/core/adapter: for authors of framework adapters. An adapter gives `requestFlow`
// its framework's exchange (its request as an `HttpRequest`, how it writes an `HttpResult`, how
// it hands the auth context on) and its idioms; the flow itself is the core's. The errors an
// adapter throws are the app entry's, `@identity-web/core` (`IdentityWebError`, `ErrorCode`).
//
// In `@identity-web/core` too, for a reason: the request and answer types, the auth context and
// what its methods take (`Account`, `AccessToken`, `AcquireTokenRequest`, `UserSession`, ...).
// They are what `requestFlow` and its exchange pass between the framework and the app, so this
// entry's signatures name them, and the app's handlers name them as well.

export type { Account } from './domain/account.js';
export type { AccessToken } from './domain/token.js';
export { type ApiExchange, apiGuardFlow, apiRouteFlow, type GuardedApi } from './http/api-adapter.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from './http/auth-context.js';
export type { RequireAuthOptions } from './http/authorize.js';
export type { FrameworkExchange } from './http/framework-exchange.js';
export { nodeHttpRequest } from './http/node-http-request.js';
export type { NodeRequestLike } from './http/node-request-body.js';
export { authReader, requestFlow } from './http/request-flow.js';
export { errorAnswer, requireAuthFlow } from './http/request-verdicts.js';
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
