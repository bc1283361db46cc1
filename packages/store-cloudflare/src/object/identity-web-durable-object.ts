// The Durable Object class behind every Cloudflare store: one record or entry set, atomic, expired by alarm.
import { DurableObject } from 'cloudflare:workers';
import type { RegistryEntry } from '@identity-web/core/store';
import type { EntryRemoval, StateRpc, TaggedRecord } from '../state-rpc.js';
import { alive, type Expiring, earliest } from './expiring.js';

const RECORD = 'record';
const ENTRY = 'entry:';

/**
 * A registry entry as stored, with its place in the order of insertion so the oldest go first
 * when a capped set is full: `seq` is 1 past the highest stored when it was added. It comes from
 * the entries themselves, not a counter of its own that would outlive them (an idle object ends
 * up empty). Entries written without one (by `addEntry`) count as the oldest.
 */
interface StoredEntry extends Expiring<RegistryEntry> {
  readonly seq?: number;
}

/**
 * The Durable Object behind every store of `@identity-web/cloudflare`. Bind it once and export it
 * from the Worker's entry (`export { IdentityWebDurableObject } from '@identity-web/cloudflare'`); the
 * stores name one instance per key, so no instance becomes a hot spot for the others.
 *
 * Every method compares and writes with the synchronous SQLite-backed storage API and no `await`
 * in between, so a compare-and-set is atomic inside its object. Deadlines are checked on every
 * read; an alarm at the earliest deadline deletes what expired, so idle objects end up empty.
 *
 * @example
 * ```ts
 * // src/index.ts, the Worker's entry. wrangler.jsonc binds the class and creates it SQLite-backed:
 * //   "durable_objects": { "bindings": [{ "name": "IDENTITY_WEB_STATE", "class_name": "IdentityWebDurableObject" }] },
 * //   "migrations": [{ "tag": "v1", "new_sqlite_classes": ["IdentityWebDurableObject"] }]
 * export { IdentityWebDurableObject } from '@identity-web/cloudflare';
 * ```
 *
 * @see https://developers.cloudflare.com/durable-objects/
 *
 * @group Setup
 */
export class IdentityWebDurableObject extends DurableObject<unknown> implements StateRpc {
  private get kv(): SyncKvStorage {
    return this.ctx.storage.kv;
  }

  read(): TaggedRecord | null {
    return this.record() ?? null;
  }

  async write(value: unknown, ttlMs: number): Promise<void> {
    await this.put({ value, tag: '' }, ttlMs);
  }

  async writeIf(value: unknown, tag: string, ttlMs: number, expectedTag: string | null): Promise<boolean> {
    if ((this.record()?.tag ?? null) !== expectedTag) return false;
    await this.put({ value, tag }, ttlMs);
    return true;
  }

  async remove(): Promise<boolean> {
    const existed = this.record() !== undefined;
    this.kv.delete(RECORD);
    await this.reschedule();
    return existed;
  }

  async removeIf(tag: string): Promise<boolean> {
    if (this.record()?.tag !== tag) return false;
    return this.remove();
  }

  listEntries(): RegistryEntry[] {
    return this.liveEntries().map(([, stored]) => stored.data);
  }

  async addEntry(id: string, entry: RegistryEntry, until: number): Promise<void> {
    this.kv.put<StoredEntry>(ENTRY + id, { data: entry, until });
    await this.reschedule();
  }

  async addEntryCapped(id: string, entry: RegistryEntry, until: number, maxEntries: number): Promise<RegistryEntry[]> {
    const now = Date.now();
    const key = ENTRY + id;
    const stored = [...this.kv.list<StoredEntry>({ prefix: ENTRY })];
    const existing = this.kv.get<StoredEntry>(key);
    const dropped: RegistryEntry[] = [];
    let seq: number;
    if (existing !== undefined && alive(existing, now) !== undefined) {
      seq = existing.seq ?? 0; // the same entry again is no new entry: it keeps its place
    } else {
      seq = stored.reduce((highest, [, s]) => Math.max(highest, s.seq ?? 0), 0) + 1;
      // The oldest live entries make room: at most `maxEntries` once this one is in.
      const live = stored.filter(([, s]) => s.until > now).sort(([, a], [, b]) => (a.seq ?? 0) - (b.seq ?? 0));
      for (const [oldest, s] of live.slice(0, Math.max(0, live.length - Math.max(1, maxEntries) + 1))) {
        this.kv.delete(oldest);
        dropped.push(s.data);
      }
    }
    this.kv.put<StoredEntry>(key, { data: entry, until, seq });
    await this.reschedule();
    return dropped;
  }

  async extendEntries(until: number, ids?: readonly string[]): Promise<RegistryEntry[]> {
    const wanted = ids === undefined ? null : new Set(ids.map((id) => ENTRY + id));
    const extended: RegistryEntry[] = [];
    for (const [key, stored] of this.liveEntries()) {
      if (wanted !== null && !wanted.has(key)) continue;
      this.kv.put<StoredEntry>(key, { ...stored, until });
      extended.push(stored.data);
    }
    await this.reschedule();
    return extended;
  }

  async removeEntries(ids: readonly string[]): Promise<RegistryEntry[]> {
    const now = Date.now();
    const removed: RegistryEntry[] = [];
    for (const id of ids) {
      const entry = alive(this.kv.get<StoredEntry>(ENTRY + id), now);
      if (this.kv.delete(ENTRY + id) && entry !== undefined) removed.push(entry);
    }
    await this.reschedule();
    return removed;
  }

  async removeEntryUnlessLast(id: string): Promise<EntryRemoval> {
    const live = this.liveEntries();
    const others = live.filter(([key]) => key !== ENTRY + id).length;
    if (others === 0) return { left: 0, removed: null };
    const removed = live.find(([key]) => key === ENTRY + id)?.[1].data ?? null;
    this.kv.delete(ENTRY + id);
    await this.reschedule();
    return { left: others, removed };
  }

  /** Deletes what expired and sets the next alarm, or none once the object is empty. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const [key, record] of this.kv.list<Expiring<unknown>>()) if (record.until <= now) this.kv.delete(key);
    await this.reschedule();
  }

  private record(): TaggedRecord | undefined {
    return alive(this.kv.get<Expiring<TaggedRecord>>(RECORD), Date.now());
  }

  private async put(record: TaggedRecord, ttlMs: number): Promise<void> {
    this.kv.put<Expiring<TaggedRecord>>(RECORD, { data: record, until: Date.now() + ttlMs });
    await this.reschedule();
  }

  private liveEntries(): [string, StoredEntry][] {
    const now = Date.now();
    const out: [string, StoredEntry][] = [];
    for (const [key, stored] of this.kv.list<StoredEntry>({ prefix: ENTRY })) {
      if (alive(stored, now) !== undefined) out.push([key, stored]);
    }
    return out;
  }

  // An object holds one record or the few entries of one key, so listing them all is cheap.
  private async reschedule(): Promise<void> {
    const next = earliest(this.kv.list<Expiring<unknown>>());
    const current = await this.ctx.storage.getAlarm();
    if (next === null) {
      if (current !== null) await this.ctx.storage.deleteAlarm();
    } else if (current !== next) {
      await this.ctx.storage.setAlarm(next);
    }
  }
}
