// OpenID Shared Signals Framework 1.0: verifies a Security Event Token, refuses a replay, and acts on
// what its CAEP or RISC event says about a user signed in here, through the removal every logout uses.
import { HotIndex } from '../cache/hot-index.js';
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { Settings, SharedSignalsSettings } from '../config/settings.js';
import { emailKey } from '../domain/email-key.js';
import { invalidArgument } from '../domain/errors.js';
import {
  type SecurityEventAction,
  type SecurityEventClaims,
  SecurityEventRefusal,
  SecurityEventType,
} from '../domain/security-event.js';
import { actionFor } from '../domain/security-event-actions.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import { Partitions } from '../records/partitions.js';
import { EndSession } from './end-session.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';
import { claimSecurityEvent, rememberSecurityEvent } from './security-event-replay.js';
import { noteVerification } from './stream-verification.js';
import { verifySecurityEventToken } from './verify-security-event-token.js';

/** What one accepted SET did. */
export interface SecurityEventOutcome {
  /** The SET's `jti`. */
  readonly jti: string;
  /** The event type URI. */
  readonly eventType: string;
  /** What was done. */
  readonly action: SecurityEventAction;
  /** How many accounts signed in here the subject named. */
  readonly accounts: number;
}

/**
 * Receives one SET (pushed to `{basePath}/security-events` or polled): verifies it against the
 * transmitter's keys and the claim rules of SSF 1.0 §4.1, refuses a `jti` already received, finds
 * the accounts its subject names in the account registry — by (iss, sub), or by the provider's
 * session id — and removes them, ends the sessions, or drops their cached tokens, on every
 * instance. The `jti` is remembered only once that succeeded, so a delivery that failed in the
 * store is served again when the transmitter retries.
 */
@injectable()
export class HandleSecurityEvent {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(DI_KEYS.ReplayCache) private readonly replays: ReplayCache,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(DI_KEYS.Logger) private readonly logger: Logger,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(DI_KEYS.InvalidationBus) private readonly bus: InvalidationBus,
    @inject(HotIndex) private readonly hot: HotIndex,
    @inject(Partitions) private readonly partitions: Partitions,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
    @inject(EndSession) private readonly endSession: EndSession,
  ) {}

  private get signals(): SharedSignalsSettings {
    const signals = this.settings.sharedSignals;
    if (signals === null) throw invalidArgument('sharedSignals', 'no sharedSignals option was given');
    return signals;
  }

  /**
   * Throws a {@link SecurityEventRefusal} for a SET that fails verification (or, polled, that
   * was filed under another `jti` than its own), `security_event_replayed` for one already
   * received, `store_conflict` (503) for one another delivery is acting on right now, and a 5xx
   * `IdentityWebError` when the transmitter's keys or a store cannot be reached.
   */
  async execute(jwt: string, delivery: 'push' | 'poll', filedAs?: string): Promise<SecurityEventOutcome> {
    const { claims, critical } = await this.verify(jwt);
    // RFC 8936 §2.5: `sets` is keyed by `jti`; a SET under another key would acknowledge that key's own.
    if (filedAs !== undefined && filedAs !== claims.jti) {
      throw new SecurityEventRefusal(
        'invalid_request',
        'security event token rejected: it was delivered under another "jti"',
      );
    }
    const replayKey = await claimSecurityEvent(this.replays, claims);
    if (
      claims.eventType === SecurityEventType.Verification ||
      claims.eventType === SecurityEventType.RiscVerification
    ) {
      await noteVerification(this.replays, claims);
    } else if (claims.eventType === SecurityEventType.StreamUpdated && claims.event.status !== 'enabled') {
      this.logger.warn(
        { event: 'security_event_stream_updated', status: printable(claims.event.status) },
        'identity-web: the Shared Signals transmitter says the stream is not enabled: no security events arrive until it is',
      );
    }
    const action = actionFor(claims, critical, this.signals);
    const entries = action === 'acknowledge' ? [] : await this.entriesOf(claims);
    const accounts = sessionsByAccount(entries);
    if (action === 'remove-account') {
      for (const [accountKey, sessionIds] of accounts) {
        await this.removeAccount.execute(accountKey, 'security-event', sessionIds);
      }
    } else if (action === 'end-session') {
      for (const entry of entries) await this.endSession.execute(entry.accountKey, entry.sessionId, 'security-event');
    } else if (action === 'drop-tokens') {
      for (const accountKey of accounts.keys()) await this.dropTokens(accountKey, entries[0]!.issuer);
    }
    await rememberSecurityEvent(this.replays, replayKey, claims, this.clock.now());
    await this.events.emit('securityEvent', { delivery, eventType: claims.eventType, action, accounts: accounts.size });
    return { jti: claims.jti, eventType: claims.eventType, action, accounts: accounts.size };
  }

  /** The SET's signature (the transmitter's keys), then its claims at the injected clock's time. */
  private verify(jwt: string): Promise<{ claims: SecurityEventClaims; critical: readonly string[] }> {
    const { transmitter, audiences, clockSkewSeconds, maxAgeSeconds } = this.signals;
    return verifySecurityEventToken(jwt, transmitter, {
      audiences,
      now: this.clock.now(),
      clockSkewSeconds,
      maxAgeSeconds,
    });
  }

  /**
   * The registry entries the subject names at the provider the transmitter speaks for: a user
   * by (iss, sub) where `iss` is that provider's issuer or the transmitter's own (Google's RISC
   * issuer ends in `/`, its OpenID issuer does not); a session by the provider's `sid`, narrowed
   * to the user when the subject names one; with `subjects.email`, a user by the verified email
   * filed at sign-in. Another issuer names nobody here.
   */
  private async entriesOf(claims: SecurityEventClaims): Promise<RegistryEntry[]> {
    const subject = claims.subject;
    const issuer = this.providers.all.find(({ name }) => name === this.signals.provider)?.idp.issuer;
    if (subject === null || issuer === undefined) return [];
    const user = subject.user;
    if (user !== undefined && user.iss !== issuer && user.iss !== claims.iss) {
      this.logger.warn(
        { event: 'security_event_unmatched', format: 'iss_sub' },
        "identity-web: a security event names a user at an issuer that is neither the provider's nor the transmitter's: nobody here is removed",
      );
      return [];
    }
    const email = this.signals.emailSubjects && subject.email !== undefined ? emailKey(subject.email) : undefined;
    if (subject.session !== undefined) {
      const found = await this.registry.findBySid(issuer, subject.session);
      if (user !== undefined) return found.filter((e) => e.subject === user.sub);
      return email === undefined ? found : found.filter((e) => e.email === email);
    }
    if (user !== undefined) return this.registry.findBySubject(issuer, user.sub);
    if (email !== undefined && this.registry.findByEmail !== undefined) return this.registry.findByEmail(issuer, email);
    if (subject.email !== undefined) {
      this.logger.warn(
        { event: 'security_event_unmatched', format: 'email' },
        email === undefined
          ? 'identity-web: a security event names its subject by email, which is not looked up: set sharedSignals.subjects.email, or ask the transmitter for "iss_sub" subjects'
          : 'identity-web: a security event names its subject by email, and the account registry cannot look emails up (no findByEmail)',
      );
    }
    return [];
  }

  /**
   * CAEP `token-claims-change`: the account's cached access tokens go from the stored partition
   * and from every instance's memory, so the next call refreshes and gets the new claims; the
   * refresh token and the sessions stay. Where the provider package cannot rewrite the partition
   * (no `withoutAccessTokens`, or it throws) the account is removed instead: tokens with stale
   * claims are never served.
   */
  private async dropTokens(accountKey: string, issuer: string): Promise<void> {
    const idp = this.providers.ofKey(accountKey, issuer)?.idp;
    const partition = await this.partitions.read(accountKey);
    if (partition !== null) {
      let rewritten: string | undefined;
      try {
        rewritten = idp?.withoutAccessTokens?.(partition.plaintext);
      } catch {
        rewritten = undefined;
      }
      if (rewritten === undefined) {
        await this.removeAccount.execute(accountKey, 'security-event');
        return;
      }
      await this.partitions.replace(accountKey, rewritten);
    }
    this.hot.evict(accountKey);
    // Every instance drops its in-process copies of the account (the message's only effect there).
    await this.bus.publish({ type: 'account-removed', accountKey });
  }
}

/** A claim value for a log line: a short string as it is, anything else by its type. */
function printable(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 32) : typeof value;
}
