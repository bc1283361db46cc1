// SSF 1.0 §8.1.4: checks a Shared Signals stream end to end, by asking the transmitter for a
// verification event and waiting until one instance of the app has received it.

import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { Settings } from '../config/settings.js';
import { randomId } from '../crypto/random.js';
import { invalidArgument } from '../domain/errors.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import { PollSecurityEvents } from './poll-security-events.js';
import { VERIFICATION_SECONDS, verificationKey } from './stream-verification.js';

/** How often the wait looks for the received `state`. */
const CHECK_EVERY_MS = 100;

/**
 * What `identity.verifySharedSignals()` found.
 *
 * @group Shared Signals
 */
export interface StreamVerification {
  /** Whether the verification event came back, signed and checked, within the time given. */
  readonly verified: boolean;
  /** Milliseconds from the request to its receipt (or to giving up). */
  readonly elapsedMs: number;
}

/**
 * Behind `identity.verifySharedSignals()`: remembers a fresh `state` as asked for (in the replay
 * cache, so any instance the event reaches knows it), asks the transmitter to send it back in a
 * verification event, and waits until an instance received it — polling on the way with poll
 * delivery. A verification event whose `state` nobody asked for is refused (`invalid_state`).
 */
@injectable()
export class VerifySecurityEventStream {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.ReplayCache) private readonly replays: ReplayCache,
    @inject(PollSecurityEvents) private readonly poll: PollSecurityEvents,
  ) {}

  async execute(options: { timeoutMs?: number } = {}): Promise<StreamVerification> {
    const signals = this.settings.sharedSignals;
    const request = signals?.transmitter.requestVerification?.bind(signals.transmitter);
    if (signals === null || request === undefined) {
      throw invalidArgument(
        'verifySharedSignals',
        'the sharedSignals transmitter cannot ask for a verification event (give it the stream id)',
      );
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > VERIFICATION_SECONDS * 1000) {
      throw invalidArgument('timeoutMs', `must be above 0 and at most ${VERIFICATION_SECONDS * 1000} ms`);
    }
    const { issuer } = await signals.transmitter.metadata();
    const state = randomId(16);
    await this.replays.putIfAbsent(verificationKey('requested', issuer, state), VERIFICATION_SECONDS);
    const started = performance.now();
    await request(state);
    const received = verificationKey('received', issuer, state);
    for (;;) {
      if (signals.delivery === 'poll') await this.poll.execute();
      const verified = await this.replays.has(received);
      // One reading per round: the time reported is the time the decision was made on.
      const elapsedMs = performance.now() - started;
      if (verified || elapsedMs >= timeoutMs) return { verified, elapsedMs };
      await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
    }
  }
}
