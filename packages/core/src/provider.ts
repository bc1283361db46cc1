// @identity-web/core/provider: for authors of identity-provider packages (`@identity-web/oidc`,
// `@identity-web/msal`): the port to implement and the types its methods take and return, the
// Shared Signals transmitter's port, `Clock` and `FetchLike`, the shared logout-token verifier and
// its options, the option checks (store packages run them too: one entry for every package's
// option checks), scope helpers, the error factories, the one rule for "the provider is down" and
// the issuer's key-set cache (the only part of the core that imports jose: no app entry reaches
// it).
//
// The entry sits low: it re-exports the domain, the ports and the key-set cache only, so the app's
// options name the port's types from here by the package's name and the app entry does not repeat
// them. The receiver a transmitter carries reaches the use cases: it is the app entry's.
//
// In `@identity-web/core` too, for a reason: `Account`, `Logger`, the logout token's claims, the
// user-info failure reason and the errors. A provider package returns or throws them, and an app's
// handlers and events name them.

export { type Account, accountKeyFor } from './domain/account.js';
export {
  badRequest,
  ErrorCode,
  IdentityWebError,
  type IdentityWebErrorOptions,
  invalidArgument,
  invalidOption,
} from './domain/errors.js';
export {
  describeInteraction,
  type InteractionRequest,
  InteractionRequiredError,
} from './domain/interaction-required.js';
export { BACKCHANNEL_LOGOUT_EVENT, type LogoutTokenClaims } from './domain/logout-token.js';
export {
  type LogoutTokenPolicy,
  resolveClockSkewSeconds,
  resolveLogoutTokenOptions,
} from './domain/logout-token-options.js';
// The option checks, every one: what a package's factory runs on its options.
export {
  checkOptionsObject,
  httpsUrl,
  type NumberRange,
  oneOf,
  optionalBoolean,
  optionalFunction,
  optionalNumber,
  optionalObject,
  optionalObjectWith,
  optionalString,
  optionalStringList,
  requiredString,
} from './domain/option-checks.js';
export {
  type OptionRule,
  type OptionShape,
  type RuleOf,
  refuseUnknownOptions,
  type ShapeOf,
  type UnknownOptionError,
  WithMethods,
} from './domain/option-keys.js';
export {
  idpError,
  idpUnavailable,
  isProviderDown,
  providerFailure,
  safeErrorCode,
} from './domain/provider-failure.js';
export { normalizeScopes, OIDC_SCOPES, scopeKey } from './domain/scopes.js';
export { refreshDueAt } from './domain/token.js';
export {
  type LogoutTokenVerification,
  type RefuseLogoutToken,
  type VerifiedJws,
  verifyLogoutToken,
} from './domain/verify-logout-token.js';
export { JwksCache, type TokenChannel } from './key-set/jwks-cache.js';
export { type Clock, optionalClock, systemClock } from './ports/clock.port.js';
export type { FetchLike } from './ports/fetch.port.js';
export type { IdentityProvider, UserInfoFailureReason } from './ports/identity-provider.port.js';
export type {
  AuthorizationRequest,
  CodeRedemption,
  DpopProofRequest,
  DpopProver,
  EndSessionRequest,
  SignInResult,
  SignInWarning,
  SilentTokenRequest,
  TokenResult,
} from './ports/identity-provider-requests.js';
export type { Logger } from './ports/logger.port.js';
export type {
  SecurityEventPollRequest,
  SecurityEventPollResponse,
  SecurityEventTransmitter,
  TransmitterMetadata,
} from './ports/security-event-transmitter.port.js';
