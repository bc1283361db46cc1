// Where an API files what sign-outs need: the sessions they ended, the tokens had on a user's behalf.

/** The key under which a session a logout ended is remembered, so its tokens are refused. */
export function endedSessionKey(issuer: string, sid: string): string {
  return `api-ended-session\u0000${issuer}\u0000${sid}`;
}

/** How every partition of tokens an API obtained on a user's behalf begins (NUL keeps it apart from every account key). */
export const ON_BEHALF_OF_PREFIX = '\u0000obo\u0000';

/** The token-cache partition of the tokens an API obtained on behalf of one user. */
export function onBehalfOfKey(issuer: string, subject: string): string {
  return `${ON_BEHALF_OF_PREFIX}${issuer}\u0000${subject}`;
}
