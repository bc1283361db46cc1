import { describe, expect, it } from 'vitest';
import { resolveClockSkewSeconds, resolveLogoutTokenOptions } from '../../src/domain/logout-token-options.js';
import {
  checkOptionsObject,
  httpsUrl,
  oneOf,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalObjectWith,
  optionalString,
  optionalStringList,
  requiredString,
} from '../../src/domain/option-checks.js';
import * as app from '../../src/index.js';
import { optionalClock, systemClock } from '../../src/ports/clock.port.js';
import * as provider from '../../src/provider.js';
import * as store from '../../src/store.js';

// The one set of option checks every package uses: what each accepts, and the one wording of
// each refusal (`identity-web: "<option>" must …`, `option` naming the option).

function refusal(run: () => unknown): { option: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(error).toMatchObject({ code: 'invalid_option', status: 500, expose: false });
    return error as { option: string; message: string };
  }
  return expect.unreachable('expected a refusal');
}

const said = (run: () => unknown) => refusal(run).message.replace(/^identity-web: "[^"]*" /, '');

describe('optionalNumber', () => {
  it('returns the fallback when left out, and a value within the range as it is', () => {
    expect(optionalNumber(undefined, 'n', 7, { min: 1 })).toBe(7);
    expect(optionalNumber(1, 'n', 7, { min: 1, max: 2 })).toBe(1);
    expect(optionalNumber(2, 'n', 7, { min: 1, max: 2 })).toBe(2);
    expect(optionalNumber(0.5, 'n', 7, { above: 0 })).toBe(0.5);
  });

  it('refuses values outside the range, non-numbers, NaN and infinities', () => {
    for (const value of [0, 3, 1.5, '1', Number.NaN, Number.POSITIVE_INFINITY, null]) {
      expect(refusal(() => optionalNumber(value, 'n', 7, { min: 1, max: 2, integer: true })).option).toBe('n');
    }
    expect(() => optionalNumber(0, 'n', 7, { above: 0 })).toThrow();
  });

  it('says the range one way', () => {
    expect(said(() => optionalNumber(0, 'n', 7, { min: 1, max: 600_000, integer: true }))).toBe(
      'must be a whole number from 1 to 600000',
    );
    expect(said(() => optionalNumber(-1, 'n', 7, { min: 0, max: 600, note: 'ten minutes' }))).toBe(
      'must be a number from 0 to 600 (ten minutes)',
    );
    expect(said(() => optionalNumber(0, 'n', 7, { min: 1 }))).toBe('must be a number of 1 or more');
    expect(said(() => optionalNumber(0, 'n', 7, { above: 0 }))).toBe('must be a number above 0');
  });
});

describe('the other checks', () => {
  it('say what they expect', () => {
    expect(said(() => checkOptionsObject(null, {}, 'f'))).toBe('must be an object');
    expect(said(() => optionalBoolean('yes', 'b', false))).toBe('must be a boolean');
    expect(said(() => requiredString(' ', 's'))).toBe('must be a non-empty string');
    expect(said(() => optionalString(1, 's', { allowEmpty: true }))).toBe('must be a string');
    expect(said(() => optionalStringList(['a', ''], 'l'))).toBe('must be an array of non-empty strings');
    expect(said(() => optionalObject('x' as never, 'o'))).toBe('must be an object');
    expect(said(() => oneOf('x', 'm', ['query', 'form_post']))).toBe('must be "query" or "form_post"');
    expect(said(() => oneOf('x', 'u', ['auto', 'always', false]))).toBe('must be "auto", "always" or false');
    expect(said(() => optionalObjectWith({ now: 1 }, 'clock', ['now'], 'epoch ms'))).toBe(
      'must be an object with the method now() (epoch ms)',
    );
    expect(said(() => optionalObjectWith({ warn() {} }, 'logger', ['warn', 'error'], 'pino'))).toBe(
      'must be an object with the methods warn() and error() (pino)',
    );
  });

  it('optionalClock: a clock with now(), or the system clock when left out', () => {
    expect(optionalClock(undefined)).toBe(systemClock);
    expect(said(() => optionalClock({ time: 0 }))).toBe(
      'must be an object with the method now() (returning epoch milliseconds)',
    );
  });

  it('take what fits', () => {
    expect(optionalString('', 's', { allowEmpty: true })).toBe('');
    expect(optionalString(undefined, 's')).toBeUndefined();
    expect(oneOf(false, 'u', ['auto', false])).toBe(false);
    const clock = { now: () => 1 };
    expect(optionalObjectWith(clock, 'clock', ['now'], 'epoch ms')).toBe(clock);
    expect(() => checkOptionsObject({ a: 1 }, { a: true }, 'f')).not.toThrow();
    expect(refusal(() => checkOptionsObject({ b: 1 }, { a: true }, 'f')).option).toBe('b');
  });

  it('httpsUrl: https only (plain http on loopback when allowed), without query, fragment or credentials', () => {
    expect(httpsUrl('https://idp.example/realm', 'u').href).toBe('https://idp.example/realm');
    expect(httpsUrl('http://127.0.0.1:4000', 'u', { loopbackHttp: true }).port).toBe('4000');
    expect(said(() => httpsUrl('http://127.0.0.1:4000', 'u'))).toBe('must be an https URL');
    expect(said(() => httpsUrl('http://idp.example', 'u', { loopbackHttp: true }))).toBe(
      'must be an https URL (plain http only for localhost, 127.0.0.1 or [::1])',
    );
    expect(said(() => httpsUrl('/relative', 'u'))).toBe('must be an https URL');
    for (const url of ['https://idp.example/?a=1', 'https://idp.example/#f', 'https://u:p@idp.example']) {
      expect(said(() => httpsUrl(url, 'u'))).toBe('must not have a query, a fragment or credentials');
    }
  });
});

describe('the logout-token options of every IdP package', () => {
  it('default to 60 s of skew, 300 s of age and tokens without exp accepted', () => {
    expect(resolveClockSkewSeconds(undefined)).toBe(60);
    expect(resolveLogoutTokenOptions(undefined)).toStrictEqual({ maxAgeSeconds: 300, allowMissingExp: true });
  });

  it('hold the skew to ten minutes and the age to a day, so no accepted token outlives its remembered jti', () => {
    expect(resolveClockSkewSeconds(600)).toBe(600);
    expect(refusal(() => resolveClockSkewSeconds(601)).option).toBe('clockSkewSeconds');
    expect(resolveLogoutTokenOptions({ maxAgeSeconds: 86_400 }).maxAgeSeconds).toBe(86_400);
    expect(refusal(() => resolveLogoutTokenOptions({ maxAgeSeconds: 86_401 })).option).toBe(
      'logoutToken.maxAgeSeconds',
    );
    expect(refusal(() => resolveLogoutTokenOptions({ maxAgeSeconds: 0 })).option).toBe('logoutToken.maxAgeSeconds');
    expect(refusal(() => resolveLogoutTokenOptions({ allowMissingExp: 'no' })).option).toBe(
      'logoutToken.allowMissingExp',
    );
    expect(refusal(() => resolveLogoutTokenOptions('strict')).option).toBe('logoutToken');
  });
});

describe('where the checks are exported', () => {
  const machinery = [
    'checkOptionsObject',
    'optionalClock',
    'optionalNumber',
    'oneOf',
    'httpsUrl',
    'refuseUnknownOptions',
    'WithMethods',
    'resolveLogoutTokenOptions',
  ];

  it("from the provider entry alone (store packages' too), never from the app or the store entry", () => {
    for (const name of machinery) {
      expect(Object.keys(app), name).not.toContain(name);
      expect(Object.keys(store), name).not.toContain(name);
      expect(Object.keys(provider), name).toContain(name);
    }
  });
});
