import { describe, expect, it } from 'vitest';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import {
  refusalReasonOf,
  refuseSignature,
  type SecurityEventClaims,
  SecurityEventRefusal,
  type SecurityEventRules,
  SecurityEventType,
  validateSecurityEventClaims,
} from '../../src/domain/security-event.js';

// SSF 1.0 §4.1 and RFC 8417 §2, one rule per case: each case changes one thing from a valid SET.
const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);
const NOW_S = NOW / 1000;
const ISSUER = 'https://transmitter.example.com';
const RULES: SecurityEventRules = {
  issuer: ISSUER,
  audiences: ['my-client'],
  explicitTyping: true,
  now: NOW,
  clockSkewSeconds: 60,
  maxAgeSeconds: 3600,
};
const HEADER = { alg: 'ES256', typ: 'secevent+jwt' };

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    aud: 'my-client',
    iat: NOW_S - 10,
    jti: 'jti-1',
    sub_id: { format: 'iss_sub', iss: 'https://idp.example.com', sub: 'alice' },
    events: { [SecurityEventType.SessionRevoked]: { event_timestamp: NOW_S - 20 } },
    ...overrides,
  };
}

function check(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = HEADER,
  rules: Partial<SecurityEventRules> = {},
): SecurityEventClaims {
  return validateSecurityEventClaims(header, claims, { ...RULES, ...rules });
}

function refused(run: () => unknown, err: string, reason: RegExp): void {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(SecurityEventRefusal);
  expect((error as SecurityEventRefusal).err).toBe(err);
  expect((error as SecurityEventRefusal).code).toBe('invalid_security_event');
  expect((error as SecurityEventRefusal).status).toBe(400);
  expect((error as Error).message).toMatch(reason);
}

describe('validateSecurityEventClaims: accepted SETs', () => {
  it('returns the event, its subject and the window its jti must be remembered for', () => {
    const claims = check(payload({ txn: 'tx-1' }));
    expect(claims).toMatchObject({
      iss: ISSUER,
      jti: 'jti-1',
      txn: 'tx-1',
      eventType: SecurityEventType.SessionRevoked,
      subject: { user: { iss: 'https://idp.example.com', sub: 'alice' }, otherMembers: [] },
    });
    expect(claims.acceptUntil).toBe(NOW_S - 10 + 3600 + 60);
  });

  it('accepts an "aud" array that names this receiver among others (SSF 1.0 §4.1.8)', () => {
    expect(check(payload({ aud: ['my-client/mobile', 'my-client'] })).jti).toBe('jti-1');
  });

  it('accepts "typ" as application/secevent+jwt, any case, and no "typ" from a RISC transmitter', () => {
    expect(check(payload(), { alg: 'RS256', typ: 'Application/SecEvent+JWT' }).jti).toBe('jti-1');
    expect(check(payload(), { alg: 'RS256' }, { explicitTyping: false }).jti).toBe('jti-1');
  });

  it("reads Google's RISC subject: inside the event, subject_type iss-sub (RISC 1.0 §5.1)", () => {
    const claims = check(
      payload({
        sub_id: undefined,
        events: {
          [SecurityEventType.AccountDisabled]: {
            subject: { subject_type: 'iss-sub', iss: 'https://accounts.google.com/', sub: '7375626A656374' },
            reason: 'hijacking',
          },
        },
      }),
    );
    expect(claims.subject).toEqual({
      user: { iss: 'https://accounts.google.com/', sub: '7375626A656374' },
      otherMembers: [],
    });
  });

  it('reads a complex subject: user, session, and the members it does not act on', () => {
    const claims = check(
      payload({
        sub_id: {
          format: 'complex',
          user: { format: 'iss_sub', iss: 'https://idp.example.com', sub: 'alice' },
          session: { format: 'opaque', id: 'sid-1' },
          tenant: { format: 'opaque', id: 't-1' },
        },
      }),
    );
    expect(claims.subject).toEqual({
      user: { iss: 'https://idp.example.com', sub: 'alice' },
      session: 'sid-1',
      otherMembers: ['tenant'],
    });
  });

  it('reads a simple opaque subject of session-revoked as the session (CAEP 1.0 §3.1), and an email as an email', () => {
    expect(check(payload({ sub_id: { format: 'opaque', id: 'dMTlD|1600802906337.16' } })).subject).toEqual({
      session: 'dMTlD|1600802906337.16',
      otherMembers: [],
    });
    expect(check(payload({ sub_id: { format: 'email', email: 'a@example.com' } })).subject?.email).toBe(
      'a@example.com',
    );
  });
});

describe('validateSecurityEventClaims: refused SETs', () => {
  it('refuses a missing "typ" from an SSF transmitter, and any other "typ" (SSF 1.0 §4.1.1)', () => {
    refused(() => check(payload(), { alg: 'ES256' }), 'invalid_request', /"typ"/);
    refused(
      () => check(payload(), { alg: 'ES256', typ: 'JWT' }, { explicitTyping: false }),
      'invalid_request',
      /"typ"/,
    );
    refused(() => check(payload(), { alg: 'ES256', typ: 'logout+jwt' }), 'invalid_request', /"typ"/);
  });

  it('refuses another issuer, exactly compared (SSF 1.0 §4.1.6)', () => {
    refused(() => check(payload({ iss: `${ISSUER}/` })), 'invalid_issuer', /"iss"/);
    refused(() => check(payload({ iss: undefined })), 'invalid_issuer', /"iss"/);
  });

  it('refuses an "aud" that does not name this receiver', () => {
    refused(() => check(payload({ aud: 'another-client' })), 'invalid_audience', /"aud"/);
    refused(() => check(payload({ aud: ['a', 'b'] })), 'invalid_audience', /"aud"/);
    refused(() => check(payload({ aud: undefined })), 'invalid_audience', /"aud"/);
  });

  it('refuses a missing, future or too old "iat" (RFC 8417 §2.2)', () => {
    refused(() => check(payload({ iat: undefined })), 'invalid_request', /"iat" is missing/);
    refused(() => check(payload({ iat: NOW_S + 61 })), 'invalid_request', /future/);
    refused(() => check(payload({ iat: NOW_S - 3600 - 61 })), 'invalid_request', /(^|: )the token is too old$/);
    expect(check(payload({ iat: NOW_S + 60 })).jti).toBe('jti-1'); // within the skew
  });

  it('refuses a missing "jti"', () => {
    refused(() => check(payload({ jti: undefined })), 'invalid_request', /"jti"/);
    refused(() => check(payload({ jti: 'x'.repeat(257) })), 'invalid_request', /"jti"/);
  });

  it('refuses a top-level "sub" and any "exp", so no ID, logout or access token passes for a SET (SSF 1.0 §4.1.3)', () => {
    refused(() => check(payload({ sub: 'alice' })), 'invalid_request', /"sub"/);
    refused(() => check(payload({ exp: NOW_S + 300 })), 'invalid_request', /"exp"/);
  });

  it('refuses an "events" claim that is not one event with an object value (SSF 1.0 §4.2.1)', () => {
    refused(() => check(payload({ events: undefined })), 'invalid_request', /"events"/);
    refused(() => check(payload({ events: [] })), 'invalid_request', /"events"/);
    refused(() => check(payload({ events: {} })), 'invalid_request', /exactly one/);
    refused(
      () =>
        check(payload({ events: { [SecurityEventType.SessionRevoked]: {}, [SecurityEventType.AccountPurged]: {} } })),
      'invalid_request',
      /exactly one/,
    );
    refused(
      () => check(payload({ events: { [SecurityEventType.SessionRevoked]: true } })),
      'invalid_request',
      /object/,
    );
  });

  it('refuses a subject without a format, an iss_sub without sub, and a session that is not opaque', () => {
    refused(() => check(payload({ sub_id: { iss: ISSUER, sub: 'a' } })), 'invalid_request', /"format"/);
    refused(() => check(payload({ sub_id: { format: 'iss_sub', iss: ISSUER } })), 'invalid_request', /"iss_sub"/);
    refused(
      () => check(payload({ sub_id: { format: 'complex', session: { format: 'email', email: 'a@b.c' } } })),
      'invalid_request',
      /session subject/,
    );
  });
});

describe('validateSecurityEventClaims: the edges of each rule', () => {
  it('accepts an "iat" as old as the window with the skew added, and refuses one a second older', () => {
    const oldest = NOW_S - 3600 - 60;
    expect(check(payload({ iat: oldest })).acceptUntil).toBe(NOW_S);
    refused(() => check(payload({ iat: oldest - 1 })), 'invalid_request', /too old/);
    // Without skew, the window is maxAge alone, on both sides.
    expect(check(payload({ iat: NOW_S - 3600 })).jti).toBe('jti-1');
    refused(() => check(payload({ iat: NOW_S - 3601 }), HEADER, { clockSkewSeconds: 0 }), 'invalid_request', /old/);
    refused(() => check(payload({ iat: NOW_S + 1 }), HEADER, { clockSkewSeconds: 0 }), 'invalid_request', /future/);
  });

  it('refuses an "iat" that is no finite number as missing', () => {
    for (const iat of [Number.NaN, Number.POSITIVE_INFINITY, String(NOW_S), null]) {
      refused(() => check(payload({ iat })), 'invalid_request', /"iat" is missing/);
    }
  });

  it('refuses a "typ" that is no string', () => {
    refused(() => check(payload(), { alg: 'ES256', typ: 42 }), 'invalid_request', /"typ"/);
    refused(
      () => check(payload(), { alg: 'ES256', typ: ['secevent+jwt'] }, { explicitTyping: false }),
      'invalid_request',
      /"typ"/,
    );
  });

  it('takes a "jti" of 1 to 256 characters', () => {
    refused(() => check(payload({ jti: '' })), 'invalid_request', /"jti"/);
    refused(() => check(payload({ jti: 7 })), 'invalid_request', /"jti"/);
    expect(check(payload({ jti: 'j'.repeat(256) })).jti).toBe('j'.repeat(256));
  });

  it('returns "txn" only when there is one, and refuses one that is no string of 1 to 1024 characters', () => {
    expect(Object.hasOwn(check(payload()), 'txn')).toBe(false);
    expect(check(payload({ txn: 't'.repeat(1024) })).txn).toBe('t'.repeat(1024));
    for (const txn of [42, '', 't'.repeat(1025)]) {
      refused(() => check(payload({ txn })), 'invalid_request', /"txn" is not a string/);
    }
  });

  it('refuses "events" that is null', () => {
    refused(() => check(payload({ events: null })), 'invalid_request', /"events" is not an object/);
    refused(
      () => check(payload({ events: { [SecurityEventType.SessionRevoked]: null } })),
      'invalid_request',
      /object/,
    );
  });
});

describe('validateSecurityEventClaims: subjects (RFC 9493)', () => {
  const subjectOf = (sub_id: unknown, eventType: string = SecurityEventType.SessionRevoked) =>
    check(payload({ sub_id, events: { [eventType]: {} } })).subject;

  it('names no subject when the SET has neither sub_id nor an event subject', () => {
    expect(subjectOf(undefined)).toBeNull();
  });

  it('reads a complex subject with only a user, and ignores a Google-style subject_type member', () => {
    const user = { format: 'iss_sub', iss: 'https://idp.example.com', sub: 'alice' };
    expect(subjectOf({ format: 'complex', user })).toStrictEqual({
      user: { iss: 'https://idp.example.com', sub: 'alice' },
      otherMembers: [],
    });
    expect(subjectOf({ subject_type: 'complex', user })).toStrictEqual({
      user: { iss: 'https://idp.example.com', sub: 'alice' },
      otherMembers: [],
    });
  });

  it('counts a user named in a format it does not look up as a member it does not act on, and only then', () => {
    expect(subjectOf({ format: 'complex', user: { format: 'phone_number', phone_number: '+1 555' } })).toStrictEqual({
      otherMembers: ['user'],
    });
    expect(subjectOf({ format: 'complex', user: { format: 'email', email: 'a@example.com' } })).toStrictEqual({
      email: 'a@example.com',
      otherMembers: [],
    });
    expect(subjectOf({ format: 'complex', session: { format: 'opaque', id: 's' } })).toStrictEqual({
      session: 's',
      otherMembers: [],
    });
  });

  it('reads an opaque subject as a session only for session-revoked, and names nobody by a format it does not know', () => {
    expect(subjectOf({ format: 'opaque', id: 'x' }, SecurityEventType.AccountDisabled)).toStrictEqual({
      otherMembers: [],
    });
    expect(subjectOf({ format: 'phone_number', phone_number: '+1 555' })).toStrictEqual({ otherMembers: [] });
  });

  it('refuses a subject or a member that is no object', () => {
    refused(() => subjectOf('alice'), 'invalid_request', /the subject is not an object/);
    refused(
      () => subjectOf({ format: 'complex', user: 'alice' }),
      'invalid_request',
      /a subject member is not an object/,
    );
  });

  it('refuses an email subject without an address of 1 to 320 characters', () => {
    for (const email of [undefined, '', `${'a'.repeat(309)}@example.com`]) {
      refused(() => subjectOf({ format: 'email', email }), 'invalid_request', /an "email" subject lacks "email"/);
    }
    expect(subjectOf({ format: 'email', email: `${'a'.repeat(308)}@example.com` })?.email).toHaveLength(320);
  });

  it('refuses a session member that is no object, not opaque, or without an id', () => {
    for (const session of [
      'sid-1',
      null,
      { format: 'email', id: 'sid-1' },
      { format: 'opaque' },
      { format: 'opaque', id: '' },
    ]) {
      refused(() => subjectOf({ format: 'complex', session }), 'invalid_request', /a session subject must be "opaque"/);
    }
  });
});

describe('SecurityEventRefusal, refuseSignature and refusalReasonOf', () => {
  it('keeps the cause of a refusal', () => {
    const cause = new Error('bad signature');
    expect(new SecurityEventRefusal('invalid_key', 'm', cause).cause).toBe(cause);
    expect(refuseSignature('the signature is not valid', cause)).toMatchObject({
      err: 'invalid_key',
      code: 'invalid_security_event',
      message: 'security event token rejected: the signature is not valid',
      cause,
    });
  });

  it('counts a refusal under its error, a replay as invalid_request, an outage under its code, anything else as internal_error', () => {
    expect(refusalReasonOf(new SecurityEventRefusal('invalid_audience', 'm'))).toBe('invalid_audience');
    expect(refusalReasonOf(new IdentityWebError(ErrorCode.SecurityEventReplayed, 'm'))).toBe('invalid_request');
    expect(refusalReasonOf(new IdentityWebError(ErrorCode.StoreUnavailable, 'm'))).toBe('store_unavailable');
    expect(refusalReasonOf(new IdentityWebError(ErrorCode.IdpUnavailable, 'm'))).toBe('idp_unavailable');
    expect(refusalReasonOf(new IdentityWebError(ErrorCode.InvalidArgument, 'm'))).toBe('internal_error');
    expect(refusalReasonOf(new Error('boom'))).toBe('internal_error');
    expect(refusalReasonOf('boom')).toBe('internal_error');
    // Only identity-web's own errors are read for a code: another library's is no outage of ours.
    expect(refusalReasonOf(Object.assign(new Error('boom'), { code: 'store_unavailable' }))).toBe('internal_error');
    expect(refusalReasonOf(undefined)).toBe('internal_error');
    expect(refusalReasonOf(null)).toBe('internal_error');
  });
});
