// identity-web's own log lines, written from its events, naming accounts only by a one-way id.
import type { EventHandler, EventName } from '../domain/events.js';
import type { Logger } from '../ports/logger.port.js';

export type On = <E extends EventName>(name: E, handler: EventHandler<E>) => () => void;

/**
 * A non-reversible id for an account in logs: the first 16 hex digits of SHA-256 of its key, so
 * log lines of one account can be correlated without the logs naming it.
 */
export async function accountLogId(accountKey: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accountKey)));
  let hex = '';
  for (const b of digest.subarray(0, 8)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The library's own log lines, from its events: info for sign-in, session end and account
 * removal; warn for a refused logout notification and a failed UserInfo request (a security event's lines are
 * the Shared Signals receiver's: ./security-event-log.ts); debug for the quieter decisions. (Refreshes are logged where they happen, so the hot
 * path keeps no listener it would have to feed.) No token, code, secret or account key is logged.
 */
export function logEvents(on: On, logger: Logger): () => void {
  const offs = [
    on('signedIn', async (e) => {
      const provider = e.account.provider === undefined ? {} : { provider: e.account.provider };
      logger.info(
        { event: 'signed_in', ...provider, account: await accountLogId(e.account.key) },
        'identity-web: signed in',
      );
    }),
    on('sessionEnded', async (e) => {
      const fields = { event: 'session_ended', reason: e.reason, account: await accountLogId(e.accountKey) };
      logger.info(fields, 'identity-web: session ended');
    }),
    on('accountRemoved', async (e) => {
      const fields = { event: 'account_removed', reason: e.reason, account: await accountLogId(e.accountKey) };
      logger.info(fields, 'identity-web: account removed from the token cache');
    }),
    // A logout that ended nothing leaves a user's tokens alive after their sign-out elsewhere, and
    // the provider may never retry: heard at the default level.
    on('logoutRefused', (e) => {
      // The detail is a field, not part of the message: one message per channel, so a console
      // folds a flood of forged requests into a line a minute whatever they claim.
      const fields = {
        event: 'logout_refused',
        channel: e.channel,
        reason: e.reason,
        issuer: e.issuer,
        detail: e.detail,
      };
      logger.warn(fields, `identity-web: ${e.channel} logout refused`);
    }),
    // The user got in without the claims UserInfo holds: heard at the default level, once per sign-in.
    on('userInfoFailed', (e) => {
      const provider = e.provider === undefined ? {} : { provider: e.provider };
      const fields = { event: 'userinfo_failed', reason: e.reason, issuer: e.issuer, ...provider, detail: e.detail };
      logger.warn(fields, "identity-web: UserInfo failed, signed in with the ID token's claims");
    }),
    on('interactionRequired', async (e) => {
      const fields = { event: 'interaction_required', account: await accountLogId(e.accountKey), scopes: e.scopes };
      logger.debug(fields, 'identity-web: the user must sign in again or consent');
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
