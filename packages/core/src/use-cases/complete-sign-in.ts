import type { Partitions } from '../cache/partitions.js';
import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import { randomId } from '../crypto/random.js';
import { badRequest, ErrorCode } from '../domain/errors.js';
import type { Session } from '../domain/session.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SessionStore } from '../ports/session-store.port.js';

export interface CompletedSignIn {
  readonly session: Session;
  readonly returnTo: string;
}

/** Finishes a sign-in: takes the transaction once, redeems the code, opens a new session. */
@injectable()
export class CompleteSignIn {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.SessionStore) private readonly sessions: SessionStore,
    @inject(TOKENS.Partitions) private readonly partitions: Partitions,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.EventSink) private readonly events: EventSink,
  ) {}

  async execute(
    params: URLSearchParams,
    browserBinding: string | null,
    previousSessionId: string | null = null,
  ): Promise<CompletedSignIn> {
    const state = params.getAll('state');
    if (state.length !== 1 || !state[0]) throw badRequest(ErrorCode.InvalidState, 'the sign-in response has no state');
    // Taken, not read: a replayed callback finds nothing (RFC 9700 §4.2.4).
    const tx = await this.sessions.takeTransaction(state[0]);
    if (!tx) throw badRequest(ErrorCode.InvalidState, 'the sign-in has expired or was already completed');
    // A callback URL sent to a victim carries the attacker's state but not the attacker's
    // browser binding cookie: refuse it (login CSRF).
    if (browserBinding === null || !timingSafeEqual(browserBinding, tx.browserBinding)) {
      throw badRequest(ErrorCode.InvalidState, 'the sign-in was started in another browser');
    }
    const result = await this.idp.redeemCode({
      params,
      redirectUri: this.settings.redirectUri,
      state: tx.state,
      nonce: tx.nonce,
      codeVerifier: tx.codeVerifier,
      scopes: tx.scopes,
    });
    await this.partitions.replace(result.account.key, result.partition);
    const now = this.clock.now();
    // A brand-new id on every sign-in: a session id planted before sign-in is worthless (fixation).
    const session: Session = {
      id: randomId(),
      accountKey: result.account.key,
      account: result.account,
      issuer: result.account.issuer,
      ...(result.sid !== undefined && { sid: result.sid }),
      ...(result.idToken !== undefined && { idTokenHint: result.idToken }),
      scopes: tx.scopes,
      csrfToken: randomId(),
      createdAt: now,
      expiresAt: now + this.settings.sessionTtlSeconds * 1000,
    };
    await this.sessions.setSession(session, this.settings.sessionTtlSeconds);
    if (previousSessionId !== null) await this.sessions.deleteSession(previousSessionId);
    await this.events.emit('signedIn', { account: result.account, sessionId: session.id });
    return { session, returnTo: tx.returnTo };
  }
}
