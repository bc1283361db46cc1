// The subject a Security Event Token names (RFC 9493 subject identifiers, as SSF 1.0 §3 profiles
// them), read into what identity-web can act on: a user, an email, a provider session.
import { refuseSecurityEvent as refuse } from './security-event-refusal.js';
import { SecurityEventType } from './security-event-types.js';

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

/** A JSON object (not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A non-empty string of at most `max` characters. */
export function isText(v: unknown, max = 1024): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= max;
}

/**
 * A subject identifier (RFC 9493 §3, SSF 1.0 §3): simple (`iss_sub`, `email`, `opaque`, ...) or
 * complex (`user`, `session`, ... members). Google's RISC transmitter names the format
 * `subject_type` (and `iss-sub`), which RISC 1.0 §5.1 tells receivers to accept.
 */
export function readSubject(value: unknown, eventType: string): SecurityEventSubject {
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
