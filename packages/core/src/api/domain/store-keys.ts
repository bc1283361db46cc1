// Where an API files what sign-outs need: the sessions they ended, the tokens had on a user's behalf.

/** The key under which a session a logout ended is remembered, so its tokens are refused. */
export function endedSessionKey(issuer: string, sid: string): string {
  return `api-ended-session\u0000${issuer}\u0000${sid}`;
}

/** The token-cache partition of the tokens an API obtained on behalf of one user (NUL keeps it apart from every account key). */
export function onBehalfOfKey(issuer: string, subject: string): string {
  return `\u0000obo\u0000${issuer}\u0000${subject}`;
}
