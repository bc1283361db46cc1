/** What an object stores under each key: the data and its deadline (epoch ms). */
export interface Expiring<T> {
  readonly data: T;
  readonly until: number;
}

/** The data while its deadline is ahead, else `undefined`: a reader never sees an expired record. */
export function alive<T>(stored: Expiring<T> | undefined, now: number): T | undefined {
  return stored !== undefined && stored.until > now ? stored.data : undefined;
}

/** The earliest deadline among stored records, `null` when there are none. */
export function earliest(records: Iterable<[string, Expiring<unknown>]>): number | null {
  let first: number | null = null;
  for (const [, record] of records) if (first === null || record.until < first) first = record.until;
  return first;
}
