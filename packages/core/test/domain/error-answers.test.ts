import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_ANSWERS, securityEventRefusalStatus } from '../../src/domain/error-answers.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { failureAnswerOf } from '../../src/domain/failure-answer.js';
import { InteractionRequiredError } from '../../src/domain/interaction-required.js';

/** The rows of the core README's error table: code → status, as the README states them. */
function readmeTable(): Map<string, string> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Errors'));
  const rows = [...section.matchAll(/^\| `([a-z_]+)` \| ([^|]+) \|/gm)];
  return new Map(rows.map(([, code, status]) => [code!, status!.trim()]));
}

describe('the error table', () => {
  it('answers every code, and nothing else', () => {
    expect(Object.keys(ERROR_ANSWERS).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('is the README’s error table: the same codes with the same statuses', () => {
    const readme = readmeTable();
    expect([...readme.keys()].sort()).toEqual(Object.values(ErrorCode).sort());
    for (const [code, answer] of Object.entries(ERROR_ANSWERS)) {
      expect({ code, status: readme.get(code) }).toEqual({ code, status: String(answer.status) });
    }
  });

  it('shows the message of every 4xx and of no 5xx', () => {
    for (const [code, { status, expose }] of Object.entries(ERROR_ANSWERS)) {
      expect({ code, expose }).toEqual({ code, expose: status < 500 });
    }
  });

  it('gives every error its code’s status and exposure, whoever throws it', () => {
    for (const code of Object.values(ErrorCode)) {
      const error = new IdentityWebError(code, 'm');
      expect({ code, status: error.status, expose: error.expose }).toEqual({
        code,
        status: ERROR_ANSWERS[code].status,
        expose: ERROR_ANSWERS[code].expose,
      });
    }
    expect(new InteractionRequiredError('m', { scopes: [] })).toMatchObject({ status: 401, expose: true });
  });
});

describe('the answer to any failure (failureAnswerOf)', () => {
  it('answers an outage with its status, code and Retry-After, and hides its message', () => {
    const answer = failureAnswerOf(new IdentityWebError(ErrorCode.StoreUnavailable, 'redis at 10.0.0.5 is down'));
    expect(answer).toMatchObject({ status: 503, code: 'store_unavailable', message: null, retryAfterSeconds: 5 });
    expect(failureAnswerOf(new IdentityWebError(ErrorCode.IdpError, 'x'))).toMatchObject({
      status: 502,
      code: 'idp_error',
      retryAfterSeconds: null,
    });
  });

  it('shows a 4xx message and hides anything else behind server_error', () => {
    expect(failureAnswerOf(new IdentityWebError(ErrorCode.InvalidState, 'no such sign-in'))).toMatchObject({
      status: 400,
      code: 'invalid_state',
      message: 'no such sign-in',
    });
    for (const error of [new Error('bug'), 'thrown text', new IdentityWebError(ErrorCode.InvalidOption, 'x')]) {
      expect(failureAnswerOf(error)).toMatchObject({
        status: 500,
        code: 'server_error',
        message: null,
        page: 'server-error',
      });
    }
  });

  it("keeps the status another copy of the core gave its error, and answers it by that status's row", () => {
    const foreign = (status: number, code: string, expose: boolean) =>
      Object.assign(new Error('m'), { name: 'IdentityWebError', status, code, expose });
    expect(failureAnswerOf(foreign(500, 'store_unavailable', false))).toMatchObject({
      status: 500,
      code: 'server_error',
    });
    expect(failureAnswerOf(foreign(503, 'invalid_state', false))).toMatchObject({ status: 503, retryAfterSeconds: 5 });
    expect(failureAnswerOf(foreign(400, 'invalid_state', false))).toMatchObject({
      status: 400,
      code: 'server_error',
      page: 'problem',
    });
    // A status this copy's table never gives keeps its status and takes its class's row.
    expect(failureAnswerOf(foreign(409, 'store_conflict', true))).toMatchObject({
      status: 409,
      message: 'm',
      page: 'problem',
    });
    expect(failureAnswerOf(foreign(504, 'idp_unavailable', false))).toMatchObject({
      status: 504,
      code: 'idp_unavailable',
      message: null,
      page: 'server-error',
    });
    // A 5xx never shows its message, whatever the error says.
    expect(failureAnswerOf(foreign(503, 'idp_unavailable', true))).toMatchObject({
      status: 503,
      message: null,
      retryAfterSeconds: 5,
    });
  });
});

describe('the status of a refused Security Event Token push (RFC 8935 §2.3)', () => {
  it('is 401 for a transmitter that did not authenticate, 400 for anything else', () => {
    expect(securityEventRefusalStatus('authentication_failed')).toBe(401);
    for (const err of ['invalid_request', 'invalid_key', 'invalid_issuer', 'invalid_audience']) {
      expect(securityEventRefusalStatus(err)).toBe(400);
    }
  });
});
