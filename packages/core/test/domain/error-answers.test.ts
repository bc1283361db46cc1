import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_ANSWERS } from '../../src/domain/error-answers.js';
import { ErrorCode, IdentityWebError, InteractionRequiredError } from '../../src/domain/errors.js';

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
