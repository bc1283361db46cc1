// The event type URIs identity-web acts on (SSF 1.0, CAEP 1.0, RISC 1.0, the OAuth event types),
// what it does for an event, and why it refuses one.
/**
 * Event type URIs of the Shared Signals Framework 1.0, CAEP 1.0, RISC 1.0 and the OAuth event types.
 *
 * @group Shared Signals
 */
export const SecurityEventType = {
  /** SSF 1.0 §8.1.4.1: a transmitter checks the stream works; carries the receiver's `state`. */
  Verification: 'https://schemas.openid.net/secevent/ssf/event-type/verification',
  /** SSF 1.0 §8.1.5: the stream's status changed (enabled, paused, disabled). */
  StreamUpdated: 'https://schemas.openid.net/secevent/ssf/event-type/stream-updated',
  /** CAEP 1.0 §3.1: the session (or every session of the user) was revoked. */
  SessionRevoked: 'https://schemas.openid.net/secevent/caep/event-type/session-revoked',
  /** CAEP 1.0 §3.2: claims in the user's tokens changed (a role, a group). */
  TokenClaimsChange: 'https://schemas.openid.net/secevent/caep/event-type/token-claims-change',
  /** CAEP 1.0 §3.3: a credential of the user was created, changed, revoked or deleted. */
  CredentialChange: 'https://schemas.openid.net/secevent/caep/event-type/credential-change',
  /** RISC 1.0 §2.1 (deprecated for CAEP `session-revoked`, still sent by Google). */
  SessionsRevoked: 'https://schemas.openid.net/secevent/risc/event-type/sessions-revoked',
  /** RISC 1.0: the account was disabled (`reason`: `hijacking`, `bulk-account`). */
  AccountDisabled: 'https://schemas.openid.net/secevent/risc/event-type/account-disabled',
  /** RISC 1.0: the account was enabled again. */
  AccountEnabled: 'https://schemas.openid.net/secevent/risc/event-type/account-enabled',
  /** RISC 1.0: the account was deleted. */
  AccountPurged: 'https://schemas.openid.net/secevent/risc/event-type/account-purged',
  /** RISC 1.0: the user must change a credential before signing in again. */
  AccountCredentialChangeRequired:
    'https://schemas.openid.net/secevent/risc/event-type/account-credential-change-required',
  /** RISC 1.0 §2.8, the verification event of RISC transmitters (Google). */
  RiscVerification: 'https://schemas.openid.net/secevent/risc/event-type/verification',
  /** OAuth Event Types 1.0 §2.3: every token of the subject was revoked (Google sends it). */
  TokensRevoked: 'https://schemas.openid.net/secevent/oauth/event-type/tokens-revoked',
} as const;

/**
 * What identity-web does for an event:
 * - `remove-account`: the account, every token of it and every session of it go, on every instance;
 * - `end-session`: the sessions the subject names end (the account goes with its last session);
 * - `drop-tokens`: the account's cached access tokens go, so the next call refreshes; sessions stay;
 * - `acknowledge`: accepted and counted, nothing removed.
 *
 * @group Shared Signals
 */
export type SecurityEventAction = 'remove-account' | 'end-session' | 'drop-tokens' | 'acknowledge';

/**
 * Why a Security Event Token was refused: an RFC 8935 §2.4 error code (`invalid_request`,
 * `invalid_key`, `invalid_issuer`, `invalid_audience`, `authentication_failed`; SSF 1.0's
 * `invalid_state` for a verification event nobody asked for), `store_conflict` for a SET another
 * delivery is acting on at that moment, or an outage's
 * code (the transmitter's keys or the stores could not be reached), `internal_error` for anything else.
 *
 * @group Shared Signals
 */
export type SecurityEventRefusalReason =
  | 'invalid_request'
  | 'invalid_key'
  | 'invalid_issuer'
  | 'invalid_audience'
  | 'authentication_failed'
  | 'invalid_state'
  | 'idp_error'
  | 'idp_unavailable'
  | 'store_unavailable'
  | 'store_conflict'
  | 'internal_error';
export const SECURITY_EVENT_REFUSAL_REASONS: readonly SecurityEventRefusalReason[] = [
  'invalid_request',
  'invalid_key',
  'invalid_issuer',
  'invalid_audience',
  'authentication_failed',
  'invalid_state',
  'idp_error',
  'idp_unavailable',
  'store_unavailable',
  'store_conflict',
  'internal_error',
];
/** Every action a security event can lead to, for metrics that show each series from the start. */
export const SECURITY_EVENT_ACTIONS: readonly SecurityEventAction[] = [
  'remove-account',
  'end-session',
  'drop-tokens',
  'acknowledge',
];
