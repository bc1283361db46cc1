// The RPC contract of the `IdentityWebDurableObject` class: what each object offers the stores over a stub.
import type { RegistryEntry } from '@identity-web/core/store';

/**
 * What {@link StateRpc.removeEntryUnlessLast} did.
 *
 * @group Stores
 */
export interface EntryRemoval {
  /** Live entries other than the one named (0: it was the last, and nothing was deleted). */
  readonly left: number;
  /** The entry deleted, or `null` when none was. */
  readonly removed: RegistryEntry | null;
}

/**
 * A record as an object returns it. `tag` is what a conditional write compares: a partition's
 * version, a lease's token; records written unconditionally have the tag `''`.
 *
 * @group Stores
 */
export interface TaggedRecord<T = unknown> {
  /** The stored value. */
  readonly value: T;
  /** What a conditional write compares. */
  readonly tag: string;
}

/**
 * The methods of the `IdentityWebDurableObject` Durable Object, as the object implements them. Every
 * named instance plays one role: it holds one record (a session, a partition, a replay key, a
 * lease) or one set of registry entries (an account's, or those under one (iss, sid) or
 * (iss, sub)). A method runs without an `await` between its read and its write, so each is
 * atomic inside its object.
 *
 * @group Stores
 */
export interface StateRpc {
  /** The live record, or `null`. */
  read(): TaggedRecord | null;
  /** Writes the record unconditionally; it lives `ttlMs`. */
  write(value: unknown, ttlMs: number): Promise<void>;
  /** Writes when the live record's tag (`null` when there is none) equals `expectedTag`. */
  writeIf(value: unknown, tag: string, ttlMs: number, expectedTag: string | null): Promise<boolean>;
  /** Deletes the record; whether a live one was there. */
  remove(): Promise<boolean>;
  /** Deletes the record only when its tag is `tag`; whether it did. */
  removeIf(tag: string): Promise<boolean>;

  /** Every live entry of the set. */
  listEntries(): RegistryEntry[];
  /** Adds or replaces entry `id`, alive until `until` (epoch ms). */
  addEntry(id: string, entry: RegistryEntry, until: number): Promise<void>;
  /**
   * Adds or replaces entry `id`, alive until `until` (epoch ms), keeping at most `maxEntries`
   * live entries: adding a new one to a full set first deletes the oldest (in the order they
   * were added) and returns them; `[]` when none. Replacing a live entry adds none.
   */
  addEntryCapped(id: string, entry: RegistryEntry, until: number, maxEntries: number): Promise<RegistryEntry[]>;
  /**
   * Keeps the live entries named by `ids` (every live entry when omitted) until `until`; returns
   * them. An entry no longer there stays gone: extending never brings a removed entry back.
   */
  extendEntries(until: number, ids?: readonly string[]): Promise<RegistryEntry[]>;
  /** Deletes the entries named; returns those that were live. */
  removeEntries(ids: readonly string[]): Promise<RegistryEntry[]>;
  /**
   * Deletes entry `id` unless it is the set's last live entry; returns how many live entries
   * other than `id` the set holds (0: nothing was deleted) and the entry deleted, if any.
   */
  removeEntryUnlessLast(id: string): Promise<EntryRemoval>;
}

/**
 * What a stub of the object offers a Worker: the same methods over RPC, each a promise.
 *
 * @group Stores
 */
export type StateStub = {
  [K in keyof StateRpc]: (...args: Parameters<StateRpc[K]>) => Promise<Awaited<ReturnType<StateRpc[K]>>>;
};

/**
 * The part of a Durable Object namespace binding the stores use. The binding of the exported
 * `IdentityWebDurableObject` class (`env.IDENTITY_WEB_STATE`) is one.
 *
 * @group Stores
 */
export interface StateNamespace {
  /** The stub of the object with this name (created on first use). */
  getByName(name: string): StateStub;
}
