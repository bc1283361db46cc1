// RFC 8936 poll delivery: one instance at a time fetches the transmitter's SETs, acts on each, and
// acknowledges it, so several instances neither miss an event nor act on one twice.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { ErrorCode, invalidArgument, isIdentityWebError } from '../domain/errors.js';
import { isSecurityEventRefusal, refusalReasonOf } from '../domain/security-event.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import { HandleSecurityEvent } from './handle-security-event.js';

/**
 * How long one instance holds the poll: far longer than a round takes (a few requests of the
 * transmitter's and the removals they lead to), and short enough that another instance takes
 * over soon after the holder stops.
 */
const POLL_LEASE_MS = 30_000;
/** The most polls in one round, however often the transmitter says more SETs wait. */
const MAX_POLLS_PER_ROUND = 20;
/**
 * No poll starts after this much of the lease is gone: the last one (bounded by the
 * transmitter's request timeout) and its SETs then end before the lease lapses to another instance.
 */
const ROUND_MS = POLL_LEASE_MS / 2;

/**
 * What one round of polling did.
 *
 * @group Shared Signals
 */
export interface SecurityEventPollOutcome {
  /** `false` when another instance was polling: this one left it to that one. */
  readonly polled: boolean;
  /** SETs received and acted on. */
  readonly processed: number;
  /** SETs received again that were already acted on (acknowledged again, nothing done). */
  readonly duplicates: number;
  /** SETs refused (reported to the transmitter in `setErrs`). */
  readonly refused: number;
  /** SETs left unacknowledged because a store or the transmitter's keys failed: they come again. */
  readonly deferred: number;
}

/**
 * One round of RFC 8936 polling, behind `identity.pollSecurityEvents()` and the poll timer. The
 * instance that gets the poll lease (the refresh-lease port, so Redis or Durable Objects elect
 * one instance) polls until the transmitter has no more (at most {@link MAX_POLLS_PER_ROUND}
 * polls, none started after half the lease), acts on each SET, and acknowledges it in the next
 * request, a last one with
 * `maxEvents: 0` acknowledging the final batch. A SET is acknowledged only once acted on: an
 * instance that stops half-way leaves the rest unacknowledged, the transmitter sends them again,
 * and the replay cache tells what was already done.
 */
@injectable()
export class PollSecurityEvents {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.RefreshLease) private readonly lease: RefreshLease,
    @inject(DI_KEYS.EventSink) private readonly events: EventSink,
    @inject(HandleSecurityEvent) private readonly handle: HandleSecurityEvent,
  ) {}

  /** The round running in this process, if any: a second caller does not start another. */
  private running: Promise<SecurityEventPollOutcome> | undefined;

  async execute(): Promise<SecurityEventPollOutcome> {
    if (this.running !== undefined) {
      await this.running.catch(() => undefined);
      return { polled: false, processed: 0, duplicates: 0, refused: 0, deferred: 0 };
    }
    this.running = this.round();
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async round(): Promise<SecurityEventPollOutcome> {
    const signals = this.settings.sharedSignals;
    const poll = signals?.transmitter.poll?.bind(signals.transmitter);
    if (signals?.delivery !== 'poll' || poll === undefined) {
      throw invalidArgument('pollSecurityEvents', 'sharedSignals.delivery is not "poll"');
    }
    const { issuer } = await signals.transmitter.metadata();
    const key = `ssf-poll\u0000${issuer}`;
    const token = await this.lease.acquire(key, POLL_LEASE_MS);
    const outcome = { polled: token !== null, processed: 0, duplicates: 0, refused: 0, deferred: 0 };
    if (token === null) return outcome;
    try {
      let ack: string[] = [];
      let setErrs: Record<string, { err: string; description: string }> = {};
      const started = performance.now();
      for (let polls = 0; polls < MAX_POLLS_PER_ROUND && performance.now() - started < ROUND_MS; polls++) {
        const response = await poll({ maxEvents: signals.pollMaxEvents, ack, setErrs });
        ack = [];
        setErrs = {};
        for (const [jti, set] of Object.entries(response.sets)) {
          const { verdict, refusal } = await this.receive(set, jti);
          outcome[verdict]++;
          if (verdict === 'processed' || verdict === 'duplicates') ack.push(jti);
          else if (refusal !== undefined) setErrs[jti] = refusal;
        }
        // An outage left SETs unacknowledged: they would come straight back, so wait for the next round.
        if (!response.moreAvailable || Object.keys(response.sets).length === 0 || outcome.deferred > 0) break;
      }
      // RFC 8936 §2.4.1: a request with `maxEvents: 0` only acknowledges.
      if (ack.length > 0 || Object.keys(setErrs).length > 0) await poll({ maxEvents: 0, ack, setErrs });
    } finally {
      await this.lease.release(key, token);
    }
    return outcome;
  }

  /** Acts on one SET; a refusal comes back with what `setErrs` reports (RFC 8936 §2.4.2). */
  private async receive(
    set: string,
    jti: string,
  ): Promise<{
    verdict: 'processed' | 'duplicates' | 'refused' | 'deferred';
    refusal?: { err: string; description: string };
  }> {
    try {
      await this.handle.execute(set, 'poll', jti);
      return { verdict: 'processed' };
    } catch (error) {
      if (isIdentityWebError(error) && error.code === ErrorCode.SecurityEventReplayed) return { verdict: 'duplicates' };
      const refused = isSecurityEventRefusal(error);
      const detail = isIdentityWebError(error) ? error.message : 'the event failed unexpectedly';
      await this.events.emit('securityEventRefused', { delivery: 'poll', reason: refusalReasonOf(error), detail });
      return refused
        ? { verdict: 'refused', refusal: { err: error.err, description: error.message } }
        : { verdict: 'deferred' };
    }
  }
}
