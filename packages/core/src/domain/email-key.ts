/**
 * The form a user's email address is filed under at sign-in and looked up by when a Shared
 * Signals event names its subject by email (RFC 9493 §3.2.2): the ASCII letters `A`–`Z` folded to
 * `a`–`z`, every other character kept exactly as it was given.
 *
 * Why not `toLowerCase()`: full Unicode case mapping folds characters of *other* mailboxes onto
 * ASCII ones. KELVIN SIGN (U+212A) lower-cases to `k`, ANGSTROM SIGN (U+212B) to `å`, OHM SIGN
 * (U+2126) to `ω`, so an event about `\u212Aelvin@example.com` would sign out the user whose
 * verified address is `kelvin@example.com`. Nor any Unicode normalization: NFC and NFKC map the
 * same signs (and full-width letters) onto the letters they resemble. With this rule two
 * addresses share a key only when they differ in nothing but the case of ASCII letters, which is
 * how providers compare mailboxes (RFC 5321 §2.4 leaves the local part's case to the receiving
 * host; every mainstream provider ignores ASCII case). An address spelled in another Unicode form
 * than the one filed at sign-in is not matched: a missed event is logged, a wrong user is never
 * signed out.
 */
export function emailKey(email: string): string {
  return email.replace(ASCII_UPPER, lower);
}

const ASCII_UPPER = /[A-Z]+/g;

function lower(letters: string): string {
  return letters.toLowerCase();
}
