/** One challenge of a `WWW-Authenticate` header: its scheme (lower case) and its parameters. */
export interface AuthChallenge {
  readonly scheme: string;
  /** Parameter names in lower case; the first of a repeated name wins. */
  readonly params: ReadonlyMap<string, string>;
}

// tchar of RFC 9110 §5.6.2; sticky, so the scan never copies the header.
const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
/** Longer headers are not parsed: no API needs that much to challenge a client. */
export const MAX_CHALLENGE_LENGTH = 8192;

function tokenAt(header: string, at: number): string | undefined {
  TOKEN.lastIndex = at;
  return TOKEN.exec(header)?.[0];
}

function skipSpace(header: string, at: number): number {
  let i = at;
  while (header[i] === ' ' || header[i] === '\t') i++;
  return i;
}

/**
 * Parses `WWW-Authenticate` (RFC 9110 §11.6.1): challenges with `name=token` or
 * `name="quoted string"` parameters, several challenges per header. Tolerant: what it cannot
 * read (a token68 such as Basic's, stray characters) is skipped, never thrown; every step moves
 * forward, so any input ends.
 */
export function parseChallenges(header: string): AuthChallenge[] {
  const challenges: { scheme: string; params: Map<string, string> }[] = [];
  if (header.length > MAX_CHALLENGE_LENGTH) return challenges;
  let current: { scheme: string; params: Map<string, string> } | undefined;
  let i = 0;
  while (i < header.length) {
    const name = tokenAt(header, i);
    if (name === undefined) {
      i++; // separators, or a character no grammar rule here allows
      continue;
    }
    const afterName = skipSpace(header, i + name.length);
    if (header[afterName] !== '=') {
      current = { scheme: name.toLowerCase(), params: new Map() };
      challenges.push(current);
      i = afterName;
      continue;
    }
    const start = skipSpace(header, afterName + 1);
    let value: string | undefined;
    if (header[start] === '"') {
      value = '';
      let j = start + 1;
      for (; j < header.length && header[j] !== '"'; j++) {
        if (header[j] === '\\' && j + 1 < header.length) j++; // quoted-pair
        value += header[j];
      }
      i = j + 1;
    } else {
      value = tokenAt(header, start);
      i = value === undefined ? start + 1 : start + value.length; // `==` of a token68 is skipped
    }
    const key = name.toLowerCase();
    if (current !== undefined && value !== undefined && !current.params.has(key)) current.params.set(key, value);
  }
  return challenges;
}

/** The parameters of the `Bearer` challenge (RFC 6750 §3), or `null` when there is none. */
export function bearerChallenge(header: string | null): ReadonlyMap<string, string> | null {
  return schemeChallenge(header, 'bearer');
}

/**
 * The parameters of the challenge of `scheme` (lower-case: `bearer`, or `dpop` of RFC 9449
 * §7.1, whose parameters are RFC 6750's), or `null` when there is none.
 */
export function schemeChallenge(header: string | null, scheme: string): ReadonlyMap<string, string> | null {
  if (header === null) return null;
  return parseChallenges(header).find((c) => c.scheme === scheme)?.params ?? null;
}
