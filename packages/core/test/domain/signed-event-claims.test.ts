// The claim rules a logout token and a Security Event Token share, pinned where they live.
import { describe, expect, it } from 'vitest';
import { audienceList, type IatFault, iatWithin } from '../../src/domain/signed-event-claims.js';

const WINDOW = { now: 1_000_000, skewSeconds: 60, maxAgeSeconds: 300 };

/** The fault `iatWithin` refuses `iat` for, or the `iat` it takes. */
function judge(iat: unknown): IatFault | number {
  try {
    return iatWithin(iat, WINDOW, (fault) => {
      throw fault;
    });
  } catch (fault) {
    return fault as IatFault;
  }
}

describe('iatWithin', () => {
  it('takes an iat from now less the age and the skew up to now plus the skew, both ends included', () => {
    expect(judge(1_000_000)).toBe(1_000_000);
    expect(judge(1_000_060)).toBe(1_000_060);
    expect(judge(1_000_000 - 360)).toBe(1_000_000 - 360);
    expect(judge(1_000_000.5)).toBe(1_000_000.5);
  });

  it('refuses an iat past now plus the skew as in the future, and one before the window as too old', () => {
    expect(judge(1_000_061)).toBe('in the future');
    expect(judge(1_000_060.001)).toBe('in the future');
    expect(judge(1_000_000 - 361)).toBe('too old');
    expect(judge(0)).toBe('too old');
  });

  it('refuses an iat that is no finite number as missing', () => {
    for (const iat of [
      undefined,
      null,
      '1000000',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      {},
    ]) {
      expect(judge(iat)).toBe('missing');
    }
  });
});

describe('audienceList', () => {
  it('reads aud as one string or an array, and anything else as no audience', () => {
    expect(audienceList('a')).toEqual(['a']);
    expect(audienceList(['a', 'b'])).toEqual(['a', 'b']);
    expect(audienceList([])).toEqual([]);
    for (const aud of [undefined, null, 7, { 0: 'a' }, true]) expect(audienceList(aud)).toEqual([]);
  });
});
