// @identity-web/core: the entry for apps. Adapter authors use `@identity-web/core/adapter`,
// identity-provider authors `@identity-web/core/provider`, store authors `@identity-web/core/store`,
// and test suites `@identity-web/core/testing`. The ports' types an app's options name (the
// provider, the stores, `Clock`, `FetchLike`) are those entries' own: an app that writes a port of
// its own imports the type from there.

export type { DownstreamApi, DownstreamApiOptions } from './config/downstream-api-options.js';
export type { IdentityWebOptions } from './config/options.js';
export type { SessionOptions } from './config/session-options.js';
export type { SharedSignalsOptions } from './config/shared-signals-options.js';
export { createIdentityWeb } from './create-identity-web.js';
export type { Account } from './domain/account.js';
export { ErrorCode, IdentityWebError, type IdentityWebErrorOptions, isIdentityWebError } from './domain/errors.js';
export type {
  EventHandler,
  EventName,
  IdentityWebEvents,
  IdpOperation,
  LogoutChannel,
  LogoutRefusalReason,
  RemovalReason,
  TokenSource,
  UserInfoFailureReason,
} from './domain/events.js';
export {
  type InteractionRequest,
  InteractionRequiredError,
  isInteractionRequired,
} from './domain/interaction-required.js';
export type { LogoutTokenClaims } from './domain/logout-token.js';
export type { Page, PageKind, PageRenderer, ProviderChoice } from './domain/page.js';
export {
  type SecurityEventAction,
  type SecurityEventRefusalReason,
  SecurityEventType,
} from './domain/security-event-types.js';
export type { SignInDecision, SignInEvent, SignInHook } from './domain/sign-in-event.js';
export type { AccessToken } from './domain/token.js';
export { downstreamApi } from './downstream-api.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from './http/auth-context.js';
export type { RequireAuthOptions } from './http/authorize.js';
export type { IdentityWeb } from './identity-web.js';
export { type ConsoleLoggerOptions, consoleLogger } from './observability/console-logger.js';
export {
  type IdentityWebStats,
  type MetricsSource,
  PROMETHEUS_CONTENT_TYPE,
  prometheusMetrics,
} from './observability/metrics.js';
export { type Logger, silentLogger } from './ports/logger.port.js';
export { sessionList } from './session-list.js';
export type { AcquireTokenRequest } from './use-cases/acquire-token-request.js';
export type { SecurityEventPollOutcome } from './use-cases/poll-security-events.js';
export type { UserRef, UserSession } from './use-cases/user-sessions.js';
export type { StreamVerification } from './use-cases/verify-security-event-stream.js';
