// Security Event Tokens (RFC 8417) as the OpenID Shared Signals Framework 1.0 profiles them: the
// claim rules a SET must pass and its event, read once here. The subject it names is read by
// security-event-subject.ts, a refusal made by security-event-refusal.ts.

import { refuseSecurityEvent as refuse } from './security-event-refusal.js';
import { isObject, isText, readSubject, type SecurityEventSubject } from './security-event-subject.js';
import { type SecurityEventAction, SecurityEventType } from './security-event-types.js';
import { audienceList, iatWithin } from './signed-event-claims.js';

export {
  isSecurityEventRefusal,
  refusalReasonOf,
  refuseSignature,
  type SecurityEventError,
  SecurityEventRefusal,
} from './security-event-refusal.js';
export type { SecurityEventSubject } from './security-event-subject.js';
export { type SecurityEventAction, SecurityEventType };

/** The claims of a verified SET that identity-web acts on. */
export interface SecurityEventClaims {
  /** The transmitter's issuer. */
  readonly iss: string;
  /** Unique id of the SET, remembered to refuse replays. */
  readonly jti: string;
  /** Issued-at time, epoch seconds. */
  readonly iat: number;
  /** The transaction id (`txn`), when the transmitter sent one. */
  readonly txn?: string;
  /** The event's type URI (the one key of `events`). */
  readonly eventType: string;
  /** The event object. */
  readonly event: Readonly<Record<string, unknown>>;
  /** The subject: top-level `sub_id` (SSF 1.0 §3.1), else the event's own `subject`. */
  readonly subject: SecurityEventSubject | null;
  /** The last second (epoch seconds) at which the verifier would still accept this SET. */
  readonly acceptUntil: number;
}

/** What {@link validateSecurityEventClaims} checks a SET's header and claims against. */
export interface SecurityEventRules {
  /** The transmitter's issuer, which `iss` must equal exactly. */
  readonly issuer: string;
  /** The audiences this receiver answers to; `aud` must contain one of them. */
  readonly audiences: readonly string[];
  /**
   * Require `typ: secevent+jwt` (SSF 1.0 §4.1.1). RISC transmitters found at
   * `/.well-known/risc-configuration` (Google) send none; a `typ` that is there is always checked.
   */
  readonly explicitTyping: boolean;
  /** Epoch milliseconds. */
  readonly now: number;
  /** Allowed clock skew, seconds. */
  readonly clockSkewSeconds: number;
  /** Oldest acceptable `iat`, seconds: SETs wait in a poll queue and are retried. */
  readonly maxAgeSeconds: number;
}

/** The longest SET accepted, in characters: far above any real one. */
export const MAX_SECURITY_EVENT_LENGTH = 16 * 1024;

const TYP = new Set(['secevent+jwt', 'application/secevent+jwt']);

/**
 * RFC 8417 §2 and SSF 1.0 §4.1 on a SET whose signature held: explicit typing, `iss`, `aud`,
 * `iat` within the window, `jti`, no `sub` and no `exp` (so no other JWT passes for a SET, SSF
 * 1.0 §4.1.3), and one event in `events` with an object value. The subject is read from
 * `sub_id` or, for CAEP and RISC events sent the older way, the event's `subject`.
 *
 * @see https://www.rfc-editor.org/rfc/rfc8417#section-2.2
 * @see https://openid.net/specs/openid-sharedsignals-framework-1_0.html#section-4.1
 */
export function validateSecurityEventClaims(
  header: Readonly<Record<string, unknown>>,
  payload: Readonly<Record<string, unknown>>,
  rules: SecurityEventRules,
): SecurityEventClaims {
  const typ = header.typ;
  if (typ === undefined ? rules.explicitTyping : typeof typ !== 'string' || !TYP.has(typ.toLowerCase())) {
    refuse('invalid_request', 'the "typ" header is not "secevent+jwt"');
  }
  if (payload.iss !== rules.issuer) refuse('invalid_issuer', '"iss" is not the transmitter');
  const accepted: readonly unknown[] = rules.audiences;
  if (!audienceList(payload.aud).some((a) => accepted.includes(a)))
    refuse('invalid_audience', '"aud" is not this receiver');

  const now = Math.floor(rules.now / 1000);
  const skew = rules.clockSkewSeconds;
  const iat = iatWithin(payload.iat, { now, skewSeconds: skew, maxAgeSeconds: rules.maxAgeSeconds }, (fault) =>
    refuse('invalid_request', fault === 'too old' ? 'the token is too old' : `"iat" is ${fault}`),
  );
  if (!isText(payload.jti, 256)) refuse('invalid_request', '"jti" is missing');
  // SSF 1.0 §4.1.3: a SET carries neither, so an ID token, a logout token or an access token never passes.
  if (Object.hasOwn(payload, 'sub')) refuse('invalid_request', 'a SET must not carry "sub"');
  if (Object.hasOwn(payload, 'exp')) refuse('invalid_request', 'a SET must not carry "exp"');
  if (payload.txn !== undefined && !isText(payload.txn)) refuse('invalid_request', '"txn" is not a string');

  const events = payload.events;
  if (!isObject(events)) refuse('invalid_request', '"events" is not an object');
  const types = Object.keys(events);
  // SSF 1.0 §4.2.1: one event; more only as alternative URIs of the same event, which no spec defines.
  if (types.length !== 1) refuse('invalid_request', '"events" must hold exactly one event');
  const eventType = types[0]!;
  const event = events[eventType];
  if (!isObject(event)) refuse('invalid_request', 'the event is not an object');
  const named = payload.sub_id ?? event.subject;
  const subject = named === undefined ? null : readSubject(named, eventType);
  return {
    iss: rules.issuer,
    jti: payload.jti,
    iat,
    ...(typeof payload.txn === 'string' && { txn: payload.txn }),
    eventType,
    event,
    subject,
    acceptUntil: iat + rules.maxAgeSeconds + skew,
  };
}
