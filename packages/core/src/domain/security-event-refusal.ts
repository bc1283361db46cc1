// Why a Security Event Token is refused, in RFC 8935's words, and the reason it is logged and counted under.
import { ErrorCode, IdentityWebError, isIdentityWebError } from './errors.js';
import { SECURITY_EVENT_REFUSAL_REASONS, type SecurityEventRefusalReason } from './security-event-types.js';

/**
 * Why a SET was refused, as RFC 8935 §2.4 names the errors: `invalid_key` (the signature),
 * `invalid_issuer`, `invalid_audience`, `invalid_request` (everything else); and SSF 1.0
 * §8.1.4.1's `invalid_state`, a verification event whose `state` this receiver never asked for.
 */
export type SecurityEventError =
  | 'invalid_request'
  | 'invalid_key'
  | 'invalid_issuer'
  | 'invalid_audience'
  | 'invalid_state';

/** Refusal of a SET; `err` is the RFC 8935 error code the push route answers with. */
export class SecurityEventRefusal extends IdentityWebError {
  constructor(
    readonly err: SecurityEventError,
    message: string,
    cause?: unknown,
  ) {
    super(ErrorCode.InvalidSecurityEvent, message, { cause });
  }
}

/** Throws the refusal of a SET, its message prefixed so that every refusal reads alike. */
export function refuseSecurityEvent(err: SecurityEventError, message: string): never {
  throw new SecurityEventRefusal(err, `security event token rejected: ${message}`);
}

/** Whether a value is a {@link SecurityEventRefusal}. */
export function isSecurityEventRefusal(error: unknown): error is SecurityEventRefusal {
  return error instanceof SecurityEventRefusal;
}

/** Makes a refusal for an IdP package's signature check (`invalid_key`), in fixed words. */
export function refuseSignature(reason: string, cause?: unknown): SecurityEventRefusal {
  return new SecurityEventRefusal('invalid_key', `security event token rejected: ${reason}`, cause);
}

/**
 * The reason a refused SET is logged and counted under: its RFC 8935 error code, a replay as
 * `invalid_request` (what the push route answers), an outage's code, else `internal_error`.
 */
export function refusalReasonOf(error: unknown): SecurityEventRefusalReason {
  if (isSecurityEventRefusal(error)) return error.err;
  if (!isIdentityWebError(error)) return 'internal_error';
  if (error.code === ErrorCode.SecurityEventReplayed) return 'invalid_request';
  return SECURITY_EVENT_REFUSAL_REASONS.find((reason) => reason === error.code) ?? 'internal_error';
}
