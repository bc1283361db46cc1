// Which access tokens a sign-out of a whole user refuses at an API: every token of the user issued
// at or before it, remembered in a store that only answers "is this key there?" (the replay cache).
import { anyTruthy, type MaybePromise, whenSettled } from '../../domain/maybe-promise.js';

/**
 * The widest spans: 2^20 seconds (about 12 days), past the longest an API remembers a sign-out
 * (`endedSessionSeconds`, at most 7 days). Fixed: keys written by one deployment are read by the next.
 */
export const TOP_LEVEL = 20;

/** The most the provider's clock and the API's may differ by: the largest either skew option takes. */
export const MAX_SKEW_SECONDS = 600;

/** The key of the index-th span of 2^level seconds since the epoch, there while a sign-out in it is remembered. */
function spanKey(issuer: string, subject: string, level: number, index: number): string {
  return `api-signed-out-user\u0000${issuer}\u0000${subject}\u0000${level}\u0000${index}`;
}

/** A key to put, and for how long. */
export interface SpanKey {
  readonly key: string;
  readonly ttlSeconds: number;
}

/**
 * The keys that remember a sign-out of the user at `at` (epoch seconds), written at `now`: at each
 * level, the span that holds it. Each is kept until `seconds` past its span's end (and the most
 * skew, and a second per level), a time of the span alone: whichever sign-out in it writes a key
 * first (a store keeps the first write's lifetime), a wider span outlives every narrower one under
 * it, and each sign-out is remembered for at least `seconds` past `at`. Spans already over are left out.
 */
export function signedOutKeys(issuer: string, subject: string, at: number, seconds: number, now: number): SpanKey[] {
  const keys: SpanKey[] = [];
  for (let level = 0; level <= TOP_LEVEL; level++) {
    const index = Math.floor(at / 2 ** level);
    const ttlSeconds = Math.ceil((index + 1) * 2 ** level + seconds + MAX_SKEW_SECONDS - now) + level;
    if (ttlSeconds > 0) keys.push({ key: spanKey(issuer, subject, level, index), ttlSeconds });
  }
  return keys;
}

/**
 * The fewest spans that together are exactly the seconds `from` to `to`: at most two per level.
 * Each lies wholly in the range, so a sign-out remembered in any of them lies in the range.
 */
function cover(from: number, to: number): [level: number, index: number][] {
  const spans: [number, number][] = [];
  const end = to + 1;
  let start = from;
  while (start < end) {
    let level = 0;
    while (level < TOP_LEVEL && start % 2 ** (level + 1) === 0 && start + 2 ** (level + 1) <= end) level++;
    spans.push([level, start / 2 ** level]);
    start += 2 ** level;
  }
  return spans;
}

/**
 * Whether a sign-out of the user is remembered at any second from `from` to `to` (whole seconds,
 * both included). The widest spans over the range are asked first: none there, none in the range
 * (one or two lookups, the common case). Else every span of the range's exact cover is asked at
 * once (at most 42 lookups, one round trip with a store that pipelines them). At once, with no
 * promise, when the store answers at once.
 */
export function signedOutBetween(
  has: (key: string) => MaybePromise<boolean>,
  issuer: string,
  subject: string,
  range: { readonly from: number; readonly to: number },
): MaybePromise<boolean> {
  const { from, to } = range;
  if (from > to) return false;
  const wide: MaybePromise<boolean>[] = [];
  for (let index = Math.floor(from / 2 ** TOP_LEVEL); index <= Math.floor(to / 2 ** TOP_LEVEL); index++) {
    wide.push(has(spanKey(issuer, subject, TOP_LEVEL, index)));
  }
  return whenSettled(
    anyTruthy(wide),
    (found) => found && anyTruthy(cover(from, to).map(([level, index]) => has(spanKey(issuer, subject, level, index)))),
  );
}
