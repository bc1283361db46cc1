import fc from 'fast-check';
import { parse } from 'hono/utils/cookie';
import { describe, expect, it } from 'vitest';
import { cookieValue } from '../../core/src/http/cookie-value.js';

const NAME = '__Host-iw.session';

describe('cookieValue: one cookie from the Cookie header', () => {
  it.each([
    [`${NAME}=abc.def`, 'abc.def'],
    [`a=1; ${NAME}=abc.def; b=2`, 'abc.def'],
    [`a=1;${NAME}=abc`, 'abc'],
    [`  ${NAME} =  abc  ; b=2`, 'abc'],
    [`${NAME}="abc"`, 'abc'],
    [`${NAME}=`, ''],
    [`${NAME}=first; ${NAME}=second`, 'first'],
  ])('%s → %s', (header, value) => {
    expect(cookieValue(header, NAME)).toBe(value);
  });

  it.each([
    [undefined],
    [null],
    [''],
    [`${NAME}X=abc`],
    [`x${NAME}=abc`],
    [`a=${NAME}=abc`],
    [`${NAME}`],
    [`a=1; ${NAME.toLowerCase()}=abc`],
  ])('%s → none', (header) => {
    expect(cookieValue(header, NAME)).toBeUndefined();
  });

  it('finds what hono/cookie finds, for headers of base64url values', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{0,12}(\.[A-Za-z0-9_-]{0,12})?$/);
    const name = fc.constantFrom(NAME, 'iw.session', 'other', 'a', `${NAME}2`);
    const space = fc.constantFrom('', ' ', '  ');
    const pair = fc.tuple(name, token, space).map(([n, v, s]) => `${s}${n}=${v}`);
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 6 }), (pairs) => {
        const header = pairs.join(';');
        expect(cookieValue(header, NAME)).toBe(parse(header, NAME)[NAME]);
      }),
      { numRuns: 2000 },
    );
  });
});
