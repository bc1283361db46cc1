// Finishes a sign-in at the callback: checks it against the transaction, redeems the code, opens the session.
import { SessionMemo } from '../cache/session-memo.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { timingSafeEqual } from '../crypto/encoding.js';
import { randomId } from '../crypto/random.js';
import type { Account } from '../domain/account.js';
import { emailKey } from '../domain/email-key.js';
import { badRequest, ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { Session, Transaction } from '../domain/session.js';
import { storeTtlSeconds } from '../domain/session-lifetime.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SignInResult } from '../ports/identity-provider-requests.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import { Partitions } from '../records/partitions.js';
import { SessionRecords } from '../records/session-records.js';
import { EndSession } from './end-session.js';
import { Revocations } from './revocations.js';
import { decideSignIn } from './sign-in-decision.js';

export interface CompletedSignIn {
  readonly session: Session;
  readonly returnTo: string;
}

/**
 * A sign-in that a logout of the same account (a back-channel logout, an account removal)
 * overtook while it completed: nothing of it was kept. A `store_conflict` (503) to any caller;
 * the callback route starts the sign-in again for the user.
 */
export class SignInOvertaken extends IdentityWebError {
  constructor() {
    super(ErrorCode.StoreConflict, 'the account was signed out while this sign-in completed: sign in again');
  }
}

/**
 * Finishes a sign-in: checks the callback against this browser's transaction, redeems the
 * code, lets the app's `onSignIn` hook refuse or enrich it, stores the account's partition, opens
 * a new session and records the sign-in in the account registry, so a logout can find the
 * account for as long as its tokens are cached.
 */
@injectable()
export class CompleteSignIn {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(SessionRecords) private readonly sessions: SessionRecords,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(SessionMemo) private readonly memo: SessionMemo,
    @inject(EndSession) private readonly endSession: EndSession,
    @inject(Revocations) private readonly revocations: Revocations,
  ) {}

  /**
   * @param transaction - this browser's transaction for the callback's `state`, or `null`.
   * @param previousSessionId - the session this browser had before; it ends (account switch).
   * @param device - the browser and system signing in, for the user's session list.
   * @param via - the provider whose callback the response came to (`/callback/{name}`), with several.
   */
  async execute(
    params: URLSearchParams,
    transaction: Transaction | null,
    previousSessionId: string | null = null,
    device?: string,
    via?: string,
  ): Promise<CompletedSignIn> {
    const state = params.getAll('state');
    if (state.length !== 1 || !state[0]) throw badRequest(ErrorCode.InvalidState, 'the sign-in response has no state');
    // The transaction lives only in the browser that started the sign-in: a callback URL with an
    // attacker's state, opened in a victim's browser, finds none (login CSRF, RFC 9700 §4.7).
    if (transaction === null || !timingSafeEqual(state[0], transaction.state)) {
      throw badRequest(ErrorCode.InvalidState, 'the sign-in was started in another browser, or already completed');
    }
    const now = this.clock.now();
    if (transaction.expiresAt <= now) throw badRequest(ErrorCode.InvalidState, 'the sign-in has expired');
    const provider = this.providerOf(transaction, params, via);
    const { idp, redirectUri } = provider;
    const result = await idp.redeemCode({
      params,
      redirectUri,
      state: transaction.state,
      nonce: transaction.nonce,
      codeVerifier: transaction.codeVerifier,
      scopes: transaction.scopes,
    });
    // What the sign-in did without (a failed UserInfo request): logged and counted, once each.
    for (const { reason, detail } of result.warnings ?? []) {
      const name = provider.name === undefined ? {} : { provider: provider.name };
      await this.events.emit('userInfoFailed', { reason, issuer: idp.issuer, ...name, detail });
    }
    const grantedScopes = result.grantedScopes ?? transaction.scopes;
    const account = await this.decide(idp, result, grantedScopes);
    // A brand-new id on every sign-in: a session id planted before sign-in is worthless (fixation).
    const session: Session = {
      id: randomId(),
      accountKey: account.key,
      account,
      issuer: account.issuer,
      ...(result.sid !== undefined && { sid: result.sid }),
      ...(result.idToken !== undefined && { idTokenHint: result.idToken }),
      scopes: transaction.scopes,
      grantedScopes,
      ...(transaction.stepUp !== undefined && { stepUp: transaction.stepUp }),
      csrfToken: randomId(),
      createdAt: now,
      expiresAt: now + this.settings.sessionTtlSeconds * 1000,
      ...(device !== undefined && { device }),
    };
    const previous = previousSessionId === null ? null : await this.sessions.get(previousSessionId).catch(() => null);
    const dropped = await this.registry.recordSignIn(
      {
        issuer: account.issuer,
        subject: account.subject,
        accountKey: account.key,
        sessionId: session.id,
        ...(result.sid !== undefined && { sid: result.sid }),
        ...this.emailOf(account),
      },
      this.settings.cacheTtlSeconds,
    );
    // Entries the registry dropped to stay within its bounds: their sessions end, and an account
    // left without entries goes, since no logout could find its tokens any more. At once: a
    // failure later in this sign-in must not leave them behind.
    for (const entry of dropped ?? []) await this.endSession.execute(entry.accountKey, entry.sessionId, 'evicted');
    // The entry a logout finds the account by is written before the tokens it leads to: a
    // failure in between leaves an entry without a partition, never a partition nobody can find.
    await this.partitions.replace(account.key, result.partition);
    await this.sessions.put(session, storeTtlSeconds(session, this.settings.sessionIdleMs, now));
    await this.ensureStillRegistered(account, session.id);
    // The old session of this browser ends, and its registry entry with it; the previous
    // account's tokens go too when that was its last sign-in (an account switch).
    if (previousSessionId !== null) {
      if (previous !== null) await this.endSession.execute(previous.accountKey, previousSessionId, 'replaced');
      else {
        this.memo.dropSession(previousSessionId);
        await this.sessions.delete(previousSessionId);
        await this.bus.publish({ type: 'session-ended', sessionId: previousSessionId });
      }
    }
    await this.events.emit('signedIn', { account, sessionId: session.id });
    return { session, returnTo: transaction.returnTo };
  }

  /**
   * The provider the transaction went to. A response that came to another provider's callback,
   * or whose `iss` parameter (RFC 9207 §2) names another configured provider, is refused before
   * the code goes anywhere (the mix-up attack, RFC 9700 §4.4); the provider's package checks `iss`
   * against its own issuer as well.
   */
  private providerOf(transaction: Transaction, params: URLSearchParams, via: string | undefined): NamedProvider {
    const provider = this.providers.named(transaction.provider);
    if (provider === undefined) {
      throw badRequest(ErrorCode.InvalidState, 'the sign-in went to an identity provider that is not configured');
    }
    if (provider.name !== via) {
      throw badRequest(
        ErrorCode.InvalidCallback,
        'the sign-in response came to the callback of another identity provider',
      );
    }
    // An `iss` that is no configured issuer exactly (a tenant of an issuer template) is the package's to check.
    const iss = params.getAll('iss');
    const from = iss.length === 1 ? this.providers.withIssuer(iss[0]!) : undefined;
    if (iss.length > 1 || (from !== undefined && from !== provider)) {
      throw badRequest(ErrorCode.InvalidCallback, 'the sign-in response came from another identity provider ("iss")');
    }
    return provider;
  }

  /**
   * A logout of the account that ran while this sign-in completed may have forgotten its entry
   * (recorded just before) and deleted its session (not yet written). Left alone, the session and
   * the partition would live on with no entry a later logout could find: so they go, and the
   * sign-in is overtaken (a 503; the callback route starts it again). One lookup per sign-in.
   */
  private async ensureStillRegistered(account: Account, sessionId: string): Promise<void> {
    const entries = await this.registry.findBySubject(account.issuer, account.subject);
    if (entries.some((e) => e.accountKey === account.key && e.sessionId === sessionId)) return;
    this.memo.dropSession(sessionId);
    await this.partitions.remove(account.key);
    await this.sessions.delete(sessionId);
    await this.bus.publish({ type: 'account-removed', accountKey: account.key });
    throw new SignInOvertaken();
  }

  /**
   * The app's `onSignIn` step. A refused sign-in's tokens are dropped, and with `revokeOnRemove`
   * revoked in the background, as a sign-out's are: the refusal page never waits for the provider.
   */
  private async decide(
    idp: IdentityProvider,
    result: SignInResult,
    grantedScopes: readonly string[],
  ): Promise<Account> {
    try {
      return await decideSignIn(this.settings.onSignIn, result, grantedScopes);
    } catch (error) {
      if (this.settings.revokeOnRemove && idp.revoke) this.revocations.start(idp, result.partition);
      throw error;
    }
  }

  /**
   * With `sharedSignals.subjects.email`: the user's email in its {@link emailKey} form, for the
   * registry to find them by, when the provider said it is verified. Never an unverified address:
   * anyone may type one.
   */
  private emailOf(account: Account): { email?: string } {
    const claims = account.claims ?? {};
    if (!this.settings.sharedSignals?.emailSubjects || claims.email_verified !== true) return {};
    const email = claims.email;
    return typeof email === 'string' && email.length > 0 && email.length <= 320 ? { email: emailKey(email) } : {};
  }
}
