// Which access tokens a sign-out of a whole user refuses at an API: every token of the user issued
// at or before it, remembered in a store that only answers "is this key there?" (the replay cache).

/** The key of one span of 2^level seconds, the index-th since the epoch, in which the user signed out. */
function spanKey(issuer: string, subject: string, level: number, index: number): string {
  return `api-signed-out-user\u0000${issuer}\u0000${subject}\u0000${level}\u0000${index}`;
}

/**
 * The widest spans' level: 2^20 seconds (about 12 days), past the longest an API remembers a
 * sign-out (`endedSessionSeconds`, at most 7 days). Fixed, not drawn from the option: keys written
 * under one setting are read under another after a redeploy.
 */
export const TOP_LEVEL = 20;

/**
 * The keys that remember a sign-out of the user at `at` (epoch seconds): at each level from single
 * seconds up to `top`, the span that holds it. A span's key stands for "a sign-out in this span".
 */
export function signedOutKeys(issuer: string, subject: string, at: number, top = TOP_LEVEL): string[] {
  const keys: string[] = [];
  for (let level = 0; level <= top; level++) keys.push(spanKey(issuer, subject, level, Math.floor(at / 2 ** level)));
  return keys;
}

/**
 * Whether a sign-out of the user is remembered at any second from `from` to `to`, both included:
 * the widest spans over the range first (one or two lookups when none is remembered, the common
 * case), then, only inside a span that holds one, its halves down to single seconds where the
 * range cuts a span. At most about four lookups per level.
 */
export async function signedOutBetween(
  has: (key: string) => Promise<boolean>,
  issuer: string,
  subject: string,
  range: { readonly from: number; readonly to: number; readonly top?: number },
): Promise<boolean> {
  const { from, to, top = TOP_LEVEL } = range;
  const search = async (level: number, index: number): Promise<boolean> => {
    const first = index * 2 ** level;
    const last = first + 2 ** level - 1;
    if (last < from || first > to || !(await has(spanKey(issuer, subject, level, index)))) return false;
    // A span wholly in the range holds a sign-out in it; one the range cuts is looked into.
    if (first >= from && last <= to) return true;
    return (await search(level - 1, 2 * index)) || search(level - 1, 2 * index + 1);
  };
  const first = Math.floor(from / 2 ** top);
  const last = Math.floor(to / 2 ** top);
  // The common case: the whole range within one of the widest spans, one lookup.
  if (first === last) return search(top, first);
  const spans: Promise<boolean>[] = [];
  for (let index = first; index <= last; index++) spans.push(search(top, index));
  return (await Promise.all(spans)).includes(true);
}
