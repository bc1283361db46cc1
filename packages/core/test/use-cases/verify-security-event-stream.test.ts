import { FakeIdentityProvider, FakeSecurityEventTransmitter, type ManualClock } from '@identity-web/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SharedSignalsOptions } from '../../src/config/shared-signals-options.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { ReplayCache } from '../../src/ports/replay-cache.port.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { HandleSecurityEvent } from '../../src/use-cases/handle-security-event.js';
import { verificationKey } from '../../src/use-cases/stream-verification.js';
import { setup } from '../support/helpers.js';

// SSF 1.0 §8.1.4 end to end at the use case: a fresh state remembered as asked for, the
// transmitter asked to send it back, and the wait until an instance received it.

class RecordingReplayCache implements ReplayCache {
  readonly puts: { key: string; ttl: number }[] = [];
  /** Called at each look for the received state. */
  onHas = () => {};
  readonly #inner: MemoryReplayCache;
  constructor(clock: Clock) {
    this.#inner = new MemoryReplayCache(clock);
  }
  has(key: string): boolean {
    this.onHas();
    return this.#inner.has(key);
  }
  putIfAbsent(key: string, ttl: number): Promise<boolean> {
    this.puts.push({ key, ttl });
    return this.#inner.putIfAbsent(key, ttl);
  }
}

function verifier(signals: Omit<SharedSignalsOptions, 'transmitter'> = {}) {
  let clock: ManualClock | undefined;
  const time: Clock = { now: () => clock!.now() };
  const transmitter = new FakeSecurityEventTransmitter(time, 'fake-client');
  const replays = new RecordingReplayCache(time);
  const t = setup(
    { sharedSignals: { transmitter, poll: { intervalSeconds: 0 }, ...signals }, stores: { replayCache: replays } },
    {},
    (c) => {
      clock = c;
      return new FakeIdentityProvider(c);
    },
  );
  const handle = t.container.resolve(HandleSecurityEvent);
  const states: string[] = [];
  // Pushed: the transmitter delivers the verification event to the use case at once.
  transmitter.deliver = async (set) => handle.execute(set, 'push');
  const request = transmitter.requestVerification.bind(transmitter);
  transmitter.requestVerification = (state) => {
    states.push(state);
    return request(state);
  };
  return { ...t, transmitter, replays, states };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function refusal(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('expected a refusal'),
    (error: unknown) => error as Error & { code?: string; option?: string },
  );
}

describe('VerifySecurityEventStream', () => {
  it('is verified once the pushed verification event carries back the state it remembered as asked for (10 min)', async () => {
    const v = verifier();
    const result = await v.identity.verifySharedSignals({ timeoutMs: 1000 });
    expect(result.verified).toBe(true);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(result.elapsedMs).toBeLessThan(1000);
    expect(v.states).toHaveLength(1);
    const [state] = v.states;
    expect(state).toMatch(/^[\w-]{16,}$/);
    expect(v.replays.puts[0]).toEqual({
      key: verificationKey('requested', v.transmitter.issuer, state!),
      ttl: 600,
    });
    // Every call asks with a new state.
    await v.identity.verifySharedSignals({ timeoutMs: 1000 });
    expect(v.states[1]).not.toBe(state);
  });

  it('is verified with poll delivery by polling while it waits', async () => {
    const v = verifier({ delivery: 'poll' });
    v.transmitter.deliver = undefined;
    expect((await v.identity.verifySharedSignals({ timeoutMs: 1000 })).verified).toBe(true);
    expect(v.transmitter.acknowledged).toHaveLength(1);
  });

  it('is not verified when no verification event came back within the time given', async () => {
    const v = verifier();
    v.transmitter.deliver = async () => undefined;
    const started = performance.now();
    const result = await v.identity.verifySharedSignals({ timeoutMs: 250 });
    expect(result.verified).toBe(false);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(250);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('gives up as soon as the time given is gone, reporting the time spent', async () => {
    const v = verifier();
    v.transmitter.deliver = async () => undefined;
    // The time moves only as the use case looks for the received state, 100 ms a look, whoever
    // else reads it meanwhile and however many turns the wait takes.
    vi.useFakeTimers({ toFake: ['performance'] });
    v.replays.onHas = () => vi.advanceTimersByTime(100);
    // Looked at 100 and 200 ms: at 200 ms the 200 ms given are gone, so it gives up then.
    expect(await v.identity.verifySharedSignals({ timeoutMs: 200 })).toEqual({ verified: false, elapsedMs: 200 });
  });

  it('refuses a timeout that is not above 0 and at most ten minutes, before asking the transmitter', async () => {
    const v = verifier();
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, 600_001]) {
      const error = await refusal(v.identity.verifySharedSignals({ timeoutMs }));
      expect(error).toMatchObject({
        code: 'invalid_argument',
        option: 'timeoutMs',
        message: 'identity-web: must be above 0 and at most 600000 ms',
      });
    }
    expect(v.states).toEqual([]);
    expect((await v.identity.verifySharedSignals({ timeoutMs: 600_000 })).verified).toBe(true);
  });

  it('refuses to run when the transmitter cannot ask for a verification event, or there is none', async () => {
    const v = verifier();
    (v.transmitter as { requestVerification?: unknown }).requestVerification = undefined;
    const error = await refusal(v.identity.verifySharedSignals());
    expect(error).toMatchObject({
      code: 'invalid_argument',
      option: 'verifySharedSignals',
      message:
        'identity-web: the sharedSignals transmitter cannot ask for a verification event (give it the stream id)',
    });
    const none = setup();
    expect(await refusal(none.identity.verifySharedSignals())).toMatchObject({ option: 'verifySharedSignals' });
  });
});
