// What identity-web does for each CAEP, RISC and OAuth event type it receives.
import type { SecurityEventClaims } from './security-event.js';
import { type SecurityEventAction, SecurityEventType } from './security-event-types.js';

/**
 * What each event does (CAEP 1.0 §3, RISC 1.0 §2, OAuth Event Types 1.0 §2.3). Revoked sessions
 * and tokens, a disabled, deleted or compromised account remove the account; `credential-change`
 * does what `sharedSignals.credentialChange` says; changed token claims drop the cached
 * tokens; the rest (`account-enabled`, verification, unknown types) is acknowledged.
 */
export function actionOf(
  claims: SecurityEventClaims,
  credentialChange: 'remove-account' | 'acknowledge',
): SecurityEventAction {
  switch (claims.eventType) {
    case SecurityEventType.SessionRevoked:
      return claims.subject?.session !== undefined ? 'end-session' : 'remove-account';
    case SecurityEventType.SessionsRevoked:
    case SecurityEventType.TokensRevoked:
    case SecurityEventType.AccountDisabled:
    case SecurityEventType.AccountPurged:
    case SecurityEventType.AccountCredentialChangeRequired:
      return 'remove-account';
    case SecurityEventType.CredentialChange:
      return credentialChange;
    case SecurityEventType.TokenClaimsChange:
      return 'drop-tokens';
    default:
      return 'acknowledge';
  }
}

/**
 * What to do with a verified SET, the subject's critical members considered: SSF 1.0 §3.7 says an
 * event whose subject has a critical member this receiver cannot process (a `tenant`, a `device`;
 * `user` named by an email it does not look up) is discarded, so it is acknowledged and nothing more.
 */
export function actionFor(
  claims: SecurityEventClaims,
  critical: readonly string[],
  receiver: { readonly emailSubjects: boolean; readonly credentialChange: 'remove-account' | 'acknowledge' },
): SecurityEventAction {
  const subject = claims.subject;
  const unread = subject?.user === undefined && subject?.email !== undefined && !receiver.emailSubjects;
  const discarded =
    (subject?.otherMembers.some((member) => critical.includes(member)) ?? false) ||
    (unread && critical.includes('user'));
  return discarded ? 'acknowledge' : actionOf(claims, receiver.credentialChange);
}
