import { describe, expect, it } from 'vitest';
import { RecordCipher } from '../../src/crypto/record-cipher.js';
import type { Session } from '../../src/domain/session.js';
import type { Logger } from '../../src/ports/logger.port.js';
import { lineageOf, Partitions } from '../../src/records/partitions.js';
import { SessionRecords } from '../../src/records/session-records.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { ManualClock } from '../../src/testing/fake-identity-provider.js';

// Records at rest: a record only opens under the key it was written for, and only while it lives.

const SECRET = 'r'.repeat(32);

function session(id: string, expiresAt: number): Session {
  const account = { key: 'acct', issuer: 'https://idp.test', subject: 'alice', username: 'a', name: 'A' };
  return { id, accountKey: 'acct', account, issuer: account.issuer, csrfToken: 'c', createdAt: 0, expiresAt };
}

function sessionRecords() {
  const clock = new ManualClock();
  const store = new MemorySessionStore(clock);
  const cipher = new RecordCipher([SECRET], 'session v1');
  return { clock, store, cipher, records: new SessionRecords(store, cipher, clock) };
}

describe('SessionRecords', () => {
  it('returns a live session until the millisecond it expires', async () => {
    const { clock, records } = sessionRecords();
    const s = session('id-1', clock.now() + 1000);
    await records.put(s, 60);
    expect(await records.get('id-1')).toEqual(s);
    clock.advance(999);
    expect(await records.get('id-1')).toEqual(s);
    clock.advance(1);
    expect(await records.get('id-1')).toBeNull();
  });

  it('stores the record sealed with the session id as additional data, for the given TTL', async () => {
    const { clock, store, cipher, records } = sessionRecords();
    await records.put(session('id-1', clock.now() + 3_600_000), 60);
    const raw = await store.getSession('id-1');
    expect(raw).not.toContain('alice');
    expect(JSON.parse(await cipher.open('id-1', raw!))).toMatchObject({ id: 'id-1' });
    clock.advance(60_001);
    expect(await store.getSession('id-1')).toBeNull();
  });

  it('refuses a record whose content names another session, even when sealed for this id', async () => {
    const { clock, store, cipher, records } = sessionRecords();
    const other = session('someone-else', clock.now() + 60_000);
    await store.setSession('id-1', await cipher.seal('id-1', JSON.stringify(other)), 60);
    expect(await records.get('id-1')).toBeNull();
    expect(await records.get('missing')).toBeNull();
  });

  it('deletes, and says whether there was a record', async () => {
    const { clock, records } = sessionRecords();
    await records.put(session('id-1', clock.now() + 60_000), 60);
    expect(await records.delete('id-1')).toBe(true);
    expect(await records.delete('id-1')).toBe(false);
    expect(await records.get('id-1')).toBeNull();
  });
});

function partitions() {
  const clock = new ManualClock();
  const store = new MemoryTokenCacheStore(clock);
  const warnings: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn: (_fields, m) => warnings.push(m), error() {} };
  const cipher = new RecordCipher([SECRET], 'token cache v1');
  return { clock, store, cipher, warnings, parts: new Partitions(store, cipher, 120, logger) };
}

describe('Partitions', () => {
  it('writes a fresh version each time, bound into the seal with the key', async () => {
    const { store, cipher, parts } = partitions();
    const v1 = await parts.write('acct', 'one', null);
    const v2 = await parts.write('acct', 'two', v1);
    expect(v1).toMatch(/^[A-Za-z0-9_-]{11}\.[A-Za-z0-9_-]{22}$/);
    expect(v2).not.toBe(v1);
    // A refresh written back keeps the sign-in's lineage; a new sign-in (replace) starts another.
    expect(lineageOf(v2!)).toBe(lineageOf(v1!));
    const stored = await store.getPartition('acct');
    expect(stored!.version).toBe(v2);
    expect(await cipher.open(`acct\u0000${v2}`, stored!.value)).toBe('two');
    expect(await parts.read('acct')).toEqual({ plaintext: 'two', version: v2 });
    await parts.replace('acct', 'three');
    expect(lineageOf((await parts.read('acct'))!.version)).not.toBe(lineageOf(v1!));
  });

  it('reads a version written before lineages as its own lineage, and keeps it on the next write', async () => {
    const { store, parts } = partitions();
    expect(lineageOf('v0XqLmYAvSjf9w1qe3tn6Q')).toBe('v0XqLmYAvSjf9w1qe3tn6Q');
    expect(lineageOf('abc.def')).toBe('abc');
    await store.setPartition('acct', { value: 'sealed elsewhere', version: 'v0XqLmYAvSjf9w1qe3tn6Q' }, null, 60);
    const next = await parts.write('acct', 'refreshed', 'v0XqLmYAvSjf9w1qe3tn6Q');
    expect(next).toMatch(/^v0XqLmYAvSjf9w1qe3tn6Q\.[A-Za-z0-9_-]{22}$/);
  });

  it('refuses a write against a version that is no longer current', async () => {
    const { parts } = partitions();
    const v1 = await parts.write('acct', 'one', null);
    await parts.write('acct', 'two', v1);
    expect(await parts.write('acct', 'stale', v1)).toBeNull();
    expect((await parts.read('acct'))!.plaintext).toBe('two');
  });

  it('keeps partitions for the configured TTL', async () => {
    const { clock, parts } = partitions();
    await parts.write('acct', 'one', null);
    clock.advance(119_000);
    expect(await parts.read('acct')).not.toBeNull();
    clock.advance(2_000);
    expect(await parts.read('acct')).toBeNull();
  });

  it('drops a partition that does not open, and says so in the log', async () => {
    const { store, parts, warnings } = partitions();
    const v1 = await parts.write('alice', 'alice tokens', null);
    const stolen = await store.getPartition('alice');
    await store.setPartition('bob', { value: stolen!.value, version: v1! }, null, 60);
    expect(await parts.read('bob')).toBeNull();
    expect(await store.getPartition('bob')).toBeNull();
    expect(warnings).toEqual(['identity-web: a token-cache partition did not decrypt and was dropped']);
    expect(await parts.read('nobody')).toBeNull();
    expect(warnings).toHaveLength(1);
  });

  it('replace overwrites whatever is there, and gives up after five conflicting attempts', async () => {
    const { store, parts } = partitions();
    await parts.write('acct', 'old', null);
    await parts.replace('acct', 'new');
    expect((await parts.read('acct'))!.plaintext).toBe('new');
    let attempts = 0;
    store.setPartition = async () => {
      attempts++;
      return false;
    };
    // Not shown to the user (503), so the log line is all an operator gets: it must say what conflicted.
    await expect(parts.replace('acct', 'newer')).rejects.toMatchObject({
      code: 'store_conflict',
      status: 503,
      expose: false,
      message: 'token cache partition kept changing during sign-in',
    });
    expect(attempts).toBe(5);
  });

  it('remove says whether there was a partition', async () => {
    const { parts } = partitions();
    await parts.write('acct', 'x', null);
    expect(await parts.remove('acct')).toBe(true);
    expect(await parts.remove('acct')).toBe(false);
  });
});
