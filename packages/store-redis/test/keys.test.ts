import { describe, expect, it } from 'vitest';
import { entryField, Keys } from '../src/keys.js';

/** The hash tag Redis Cluster hashes: between the first `{` and the first `}` after it, if not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('key layout', () => {
  const keys = new Keys('iw:');

  it("tags an account's partition and registry hash alike, even when the account key has braces", () => {
    for (const account of ['a', 'b}c', '{x}', '']) {
      expect(hashTag(keys.partition(account))).toBe(hashTag(keys.account(account)));
      expect(keys.partition(account)).not.toBe(keys.account(account));
    }
  });

  it('names lookups by a fixed-length digest that keeps pairs with separators apart', () => {
    const a = keys.bySubject('a', 'b\u0000c');
    const b = keys.bySubject('a\u0000b', 'c');
    expect(a).not.toBe(b);
    expect(keys.bySid('a', 'b')).not.toBe(keys.bySubject('a', 'b'));
    expect(keys.bySid('https://idp.test', 'x'.repeat(5000))).toHaveLength(keys.bySid('i', 's').length);
    expect(entryField('a', 'b\u0000c')).not.toBe(entryField('a\u0000b', 'c'));
  });

  it('keeps every key and the channel under the prefix', () => {
    const all = [
      keys.session('s'),
      keys.partition('k'),
      keys.account('k'),
      keys.bySid('i', 's'),
      keys.bySubject('i', 's'),
      keys.replay('j'),
      keys.lease('k'),
      keys.channel,
    ];
    for (const key of all) expect(key.startsWith('iw:')).toBe(true);
    expect(new Set(all).size).toBe(all.length);
  });
});
