// PostgreSQL `text` cannot hold U+0000, which names from outside (a `sub`, an `iss`) may contain:
// they are stored escaped, one way, so a lookup escapes its value alike and equal names stay equal.

/** `\` becomes `\\` and U+0000 becomes `\0`: injective, so distinct names stay distinct. */
export function stored(value: string): string {
  return value.includes('\\') || value.includes('\u0000')
    ? value.replace(/\\/g, '\\\\').replaceAll('\u0000', '\\0')
    : value;
}

/** The name as it was given. */
export function given(value: string): string {
  return value.includes('\\') ? value.replace(/\\(.)/g, (_, c: string) => (c === '0' ? '\u0000' : c)) : value;
}
