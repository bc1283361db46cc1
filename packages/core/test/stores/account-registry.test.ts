import { describe, expect, it } from 'vitest';
import { MultiIndex } from '../../src/cache/lru.js';
import type { RegistryEntry } from '../../src/ports/account-registry.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { ManualClock } from '../../src/testing/fake-identity-provider.js';

// The registry is how a logout finds an account: a lookup that finds too much signs the wrong
// people out, one that finds too little leaves tokens behind.

const entry = (over: Partial<RegistryEntry> = {}): RegistryEntry => ({
  issuer: 'https://idp.test',
  subject: 'alice',
  sid: 'sid-1',
  accountKey: 'acct-alice',
  sessionId: 'session-1',
  ...over,
});

describe('MemoryAccountRegistry', () => {
  it('finds an entry by (iss, sid), (iss, sub) and account, and never by a name from another issuer', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock());
    await registry.recordSignIn(entry(), 60);
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([entry()]);
    expect(await registry.findBySubject('https://idp.test', 'alice')).toEqual([entry()]);
    expect(await registry.findBySid('https://other.test', 'sid-1')).toEqual([]);
    expect(await registry.findBySubject('https://other.test', 'alice')).toEqual([]);
    expect(await registry.findBySid('https://idp.test', 'sid-2')).toEqual([]);
  });

  it('keeps names apart whatever characters they hold', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock());
    await registry.recordSignIn(entry({ issuer: 'a', sid: 'b\u0000c', subject: 'x' }), 60);
    expect(await registry.findBySid('a\u0000b', 'c')).toEqual([]);
    expect(await registry.findBySid('a', 'b\u0000c')).toHaveLength(1);
    expect(await registry.findBySubject('a', 'x')).toHaveLength(1);
  });

  it('indexes an entry without sid by subject only', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock());
    const { sid: _sid, ...noSid } = entry();
    await registry.recordSignIn(noSid, 60);
    expect(await registry.findBySubject('https://idp.test', 'alice')).toEqual([noSid]);
    expect(await registry.forgetAccount('acct-alice')).toEqual([noSid]);
  });

  it('remembers a sign-in for its TTL, and longer once the account is touched', async () => {
    const clock = new ManualClock();
    const registry = new MemoryAccountRegistry(clock);
    await registry.recordSignIn(entry(), 60);
    await registry.recordSignIn(
      entry({ accountKey: 'acct-bob', subject: 'bob', sid: 'sid-bob', sessionId: 's-bob' }),
      60,
    );
    clock.advance(50_000);
    await registry.touchAccount('acct-alice', 60);
    clock.advance(50_000);
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([entry()]);
    expect(await registry.findBySubject('https://idp.test', 'bob')).toEqual([]);
    await registry.touchAccount('acct-nobody', 60);
  });

  it('forgets every entry of an account, from every index, and nothing else', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock());
    await registry.recordSignIn(entry(), 60);
    await registry.recordSignIn(entry({ sessionId: 'session-2', sid: 'sid-2' }), 60);
    await registry.recordSignIn(
      entry({ accountKey: 'acct-bob', subject: 'bob', sid: 'sid-bob', sessionId: 's-bob' }),
      60,
    );
    expect((await registry.forgetAccount('acct-alice')).map((e) => e.sessionId).sort()).toEqual([
      'session-1',
      'session-2',
    ]);
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([]);
    expect(await registry.findBySubject('https://idp.test', 'alice')).toEqual([]);
    expect(await registry.forgetAccount('acct-alice')).toEqual([]);
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([]);
    expect(await registry.findBySubject('https://idp.test', 'bob')).toHaveLength(1);
  });

  it('hands out copies: a caller cannot change what the registry holds', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock());
    const mine = entry();
    await registry.recordSignIn(mine, 60);
    (mine as { subject: string }).subject = 'mallory';
    const [found] = await registry.findBySid('https://idp.test', 'sid-1');
    (found as { subject: string }).subject = 'mallory';
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([entry()]);
  });

  it('drops the least recently used entries beyond maxEntries, from every index', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock(), { maxEntries: 2 });
    await registry.recordSignIn(entry(), 60);
    await registry.recordSignIn(entry({ accountKey: 'b', subject: 'b', sid: 'sid-b', sessionId: 'sb' }), 60);
    await registry.recordSignIn(entry({ accountKey: 'c', subject: 'c', sid: 'sid-c', sessionId: 'sc' }), 60);
    expect(await registry.findBySid('https://idp.test', 'sid-1')).toEqual([]);
    expect(await registry.findBySubject('https://idp.test', 'alice')).toEqual([]);
    expect(await registry.forgetAccount('acct-alice')).toEqual([]);
    expect(await registry.findBySid('https://idp.test', 'sid-c')).toHaveLength(1);
  });

  it('an entry that left, by removal, expiry or eviction, is no longer found by its old names', async () => {
    // The same (account, session) recorded again under a new IdP session: a logout naming the old
    // IdP session or subject must not reach it.
    const before = entry({ sid: 'old-sid', subject: 'old-sub' });
    const after = entry({ sid: 'new-sid', subject: 'new-sub' });
    const other = (n: number) => entry({ accountKey: `k${n}`, sessionId: `s${n}`, sid: `sid-${n}`, subject: `${n}` });
    const leaves = {
      removal: async (registry: MemoryAccountRegistry) => {
        await registry.forgetAccount('acct-alice');
      },
      expiry: async (_registry: MemoryAccountRegistry, clock: ManualClock) => clock.advance(60_000),
      eviction: async (registry: MemoryAccountRegistry) => {
        await registry.recordSignIn(other(1), 60);
        await registry.recordSignIn(other(2), 60);
      },
    };
    for (const [how, leave] of Object.entries(leaves)) {
      const clock = new ManualClock();
      const registry = new MemoryAccountRegistry(clock, { maxEntries: 2 });
      await registry.recordSignIn(before, 60);
      await leave(registry, clock);
      await registry.recordSignIn(after, 60);
      expect(await registry.findBySid('https://idp.test', 'old-sid'), how).toEqual([]);
      expect(await registry.findBySubject('https://idp.test', 'old-sub'), how).toEqual([]);
      expect(await registry.findBySid('https://idp.test', 'new-sid'), how).toEqual([after]);
    }
  });

  it('keeps no index entry for a sign-in it forgot, with or without sid: memory stays bounded', async () => {
    // Counted over the maps inside whatever indexes the registry keeps, so no field is named.
    const held = (r: MemoryAccountRegistry) =>
      Object.values(r)
        .filter((index): index is MultiIndex => index instanceof MultiIndex)
        .flatMap((index) => Object.values(index))
        .reduce((n: number, v: unknown) => n + (v instanceof Map ? v.size : 0), 0);
    const registry = new MemoryAccountRegistry(new ManualClock());
    const { sid: _sid, ...noSid } = entry({ sessionId: 'session-2' });
    await registry.recordSignIn(entry(), 60);
    await registry.recordSignIn(noSid, 60);
    expect(held(registry)).toBeGreaterThan(0);
    await registry.forgetAccount('acct-alice');
    expect(held(registry)).toBe(0);
  });
});
