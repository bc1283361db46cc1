// Security Event Tokens (RFC 8417) as the OpenID Shared Signals Framework 1.0 profiles them: the
// claim rules a SET must pass, the subject it names (RFC 9493), and its events, read once here.

import { ErrorCode, IdentityWebError, isIdentityWebError } from './errors.js';
import {
  SECURITY_EVENT_REFUSAL_REASONS,
  type SecurityEventAction,
  type SecurityEventRefusalReason,
  SecurityEventType,
} from './security-event-types.js';
import { audienceList, iatWithin } from './signed-event-claims.js';

export { type SecurityEventAction, SecurityEventType };

/**
 * A subject identifier (RFC 9493 §3) as identity-web can act on it: the user by issuer and
 * subject, the user by email, and a provider session by its identifier (`sid`).
 */
export interface SecurityEventSubject {
  /** The user at an issuer (`iss_sub`), when the subject names one. */
  readonly user?: { readonly iss: string; readonly sub: string };
  /** The user's email address (`email`), when the subject names the user by it. */
  readonly email?: string;
  /** A session identifier (`opaque` under `session`, or the whole subject of `session-revoked`). */
  readonly session?: string;
  /**
   * Members of a complex subject identity-web does not act on: those other than `user` and
   * `session` (`tenant`, `device`, ...), and `user` when it is named by neither `iss_sub` nor `email`.
   */
  readonly otherMembers: readonly string[];
}

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

function refuse(err: SecurityEventError, message: string): never {
  throw new SecurityEventRefusal(err, `security event token rejected: ${message}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown, max = 1024): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

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

/**
 * A subject identifier (RFC 9493 §3, SSF 1.0 §3): simple (`iss_sub`, `email`, `opaque`, ...) or
 * complex (`user`, `session`, ... members). Google's RISC transmitter names the format
 * `subject_type` (and `iss-sub`), which RISC 1.0 §5.1 tells receivers to accept.
 */
function readSubject(value: unknown, eventType: string): SecurityEventSubject {
  if (!isObject(value)) refuse('invalid_request', 'the subject is not an object');
  const format = formatOf(value);
  if (format === 'complex') {
    const members = Object.keys(value).filter((k) => k !== 'format' && k !== 'subject_type');
    const user = value.user === undefined ? {} : simple(value.user);
    const session = value.session === undefined ? undefined : sessionId(value.session);
    // A user named in a format identity-web does not look up (a phone number, an opaque id) is a
    // member it cannot process: critical, it has the event discarded (SSF 1.0 §3.7). An email is
    // read; whether it is looked up is the app's choice (`sharedSignals.subjects.email`).
    const unread = value.user !== undefined && user.user === undefined && user.email === undefined ? ['user'] : [];
    return {
      ...user,
      ...(session !== undefined && { session }),
      otherMembers: [...unread, ...members.filter((m) => m !== 'user' && m !== 'session')],
    };
  }
  // CAEP 1.0 §3.1 example: a simple `opaque` subject of `session-revoked` is the session's identifier.
  if (format === 'opaque' && eventType === SecurityEventType.SessionRevoked) {
    return { session: sessionId(value), otherMembers: [] };
  }
  return { ...simple(value), otherMembers: [] };
}

function formatOf(value: Record<string, unknown>): string {
  const format = value.format ?? value.subject_type;
  if (!isText(format, 64)) refuse('invalid_request', 'the subject has no "format"');
  return format === 'iss-sub' ? 'iss_sub' : format;
}

/** The user a simple subject names, if identity-web can look it up; `{}` for other formats. */
function simple(value: unknown): Pick<SecurityEventSubject, 'user' | 'email'> {
  if (!isObject(value)) refuse('invalid_request', 'a subject member is not an object');
  const format = formatOf(value);
  if (format === 'iss_sub') {
    if (!isText(value.iss) || !isText(value.sub))
      refuse('invalid_request', 'an "iss_sub" subject lacks "iss" or "sub"');
    return { user: { iss: value.iss, sub: value.sub } };
  }
  if (format === 'email') {
    if (!isText(value.email, 320)) refuse('invalid_request', 'an "email" subject lacks "email"');
    return { email: value.email };
  }
  return {};
}

function sessionId(value: unknown): string {
  if (!isObject(value) || formatOf(value) !== 'opaque' || !isText(value.id)) {
    refuse('invalid_request', 'a session subject must be "opaque" with an "id"');
  }
  return value.id;
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
