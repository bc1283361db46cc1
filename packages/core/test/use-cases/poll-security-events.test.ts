import { FakeIdentityProvider, FakeSecurityEventTransmitter, type ManualClock } from '@identity-web/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SharedSignalsOptions } from '../../src/config/shared-signals-options.js';
import { ErrorCode, IdentityWebError } from '../../src/domain/errors.js';
import { SecurityEventType } from '../../src/domain/security-event-types.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { RefreshLease } from '../../src/ports/refresh-lease.port.js';
import type {
  SecurityEventPollRequest,
  SecurityEventPollResponse,
} from '../../src/ports/security-event-transmitter.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryRefreshLease } from '../../src/stores/memory-refresh-lease.js';
import { PollSecurityEvents } from '../../src/use-cases/poll-security-events.js';
import { setup } from '../support/helpers.js';

// One round of RFC 8936 polling: the lease that elects one instance, the acknowledgements and
// setErrs each request carries, and when a round stops asking for more.

/** The lease, recording what is acquired and released; `held` makes every acquire fail. */
class RecordingLease implements RefreshLease {
  readonly acquired: { key: string; ttlMs: number }[] = [];
  readonly released: string[] = [];
  held = false;
  readonly #inner: MemoryRefreshLease;
  constructor(clock: Clock) {
    this.#inner = new MemoryRefreshLease(clock);
  }
  async acquire(key: string, ttlMs: number): Promise<string | null> {
    this.acquired.push({ key, ttlMs });
    return this.held ? null : this.#inner.acquire(key, ttlMs);
  }
  async release(key: string, token: string): Promise<void> {
    this.released.push(key);
    await this.#inner.release(key, token);
  }
}

function poller(signals: Omit<SharedSignalsOptions, 'transmitter'> = { delivery: 'poll' }) {
  let clock: ManualClock | undefined;
  const time: Clock = { now: () => clock!.now() };
  const transmitter = new FakeSecurityEventTransmitter(time, 'fake-client');
  const lease = new RecordingLease(time);
  const registry = new MemoryAccountRegistry(time);
  const t = setup(
    {
      sharedSignals: { transmitter, ...signals, poll: { intervalSeconds: 0, ...signals.poll } },
      stores: { refreshLease: lease, accountRegistry: registry },
    },
    {},
    (c) => {
      clock = c;
      return new FakeIdentityProvider(c);
    },
  );
  const requests: SecurityEventPollRequest[] = [];
  const poll = transmitter.poll.bind(transmitter);
  transmitter.poll = (request) => {
    requests.push(structuredClone(request));
    return poll(request);
  };
  const refusedEvents: unknown[] = [];
  t.identity.on('securityEventRefused', (e) => {
    refusedEvents.push(e);
  });
  const user = (sub: string) => ({ format: 'iss_sub', iss: t.idp.issuer, sub });
  const queue = async (type: string, sub: string, overrides = {}) => {
    const event = await transmitter.set(type, user(sub), {}, overrides);
    transmitter.enqueue(event);
    return event;
  };
  return {
    ...t,
    transmitter,
    lease,
    registry,
    requests,
    refusedEvents,
    queue,
    round: () => t.identity.pollSecurityEvents(),
  };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('PollSecurityEvents', () => {
  it('is an invalid_argument with push delivery', async () => {
    const p = poller({ delivery: 'push' });
    const error = await p.container
      .resolve(PollSecurityEvents)
      .execute()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'invalid_argument',
      option: 'pollSecurityEvents',
      message: 'identity-web: sharedSignals.delivery is not "poll"',
    });
  });

  it('is an invalid_argument without sharedSignals, or with a transmitter that cannot poll', async () => {
    const none = setup();
    expect(await none.identity.pollSecurityEvents().catch((e: unknown) => e)).toMatchObject({
      code: 'invalid_argument',
      option: 'pollSecurityEvents',
    });
    const p = poller();
    (p.transmitter as { poll?: unknown }).poll = undefined;
    expect(await p.round().catch((e: unknown) => e)).toMatchObject({
      code: 'invalid_argument',
      option: 'pollSecurityEvents',
    });
  });

  it('acts on each polled SET as delivered by poll', async () => {
    const p = poller();
    const delivered: unknown[] = [];
    p.identity.on('securityEvent', (e) => {
      delivered.push(e.delivery);
    });
    await p.queue(SecurityEventType.AccountEnabled, 'alice');
    await p.round();
    expect(delivered).toEqual(['poll']);
  });

  it('polls under a lease of 30 s named for the transmitter, released after the round', async () => {
    const p = poller();
    await p.queue(SecurityEventType.AccountEnabled, 'alice');
    expect(await p.round()).toEqual({ polled: true, processed: 1, duplicates: 0, refused: 0, deferred: 0 });
    expect(p.lease.acquired).toEqual([{ key: `ssf-poll\u0000${p.transmitter.issuer}`, ttlMs: 30_000 }]);
    expect(p.lease.released).toEqual([`ssf-poll\u0000${p.transmitter.issuer}`]);
    // Released: the next round gets it again.
    await p.queue(SecurityEventType.AccountEnabled, 'bob');
    expect((await p.round()).processed).toBe(1);
  });

  it('leaves the round to the instance holding the lease: nothing is polled', async () => {
    const p = poller();
    await p.queue(SecurityEventType.AccountEnabled, 'alice');
    p.lease.held = true;
    expect(await p.round()).toEqual({ polled: false, processed: 0, duplicates: 0, refused: 0, deferred: 0 });
    expect(p.requests).toEqual([]);
    expect(p.lease.released).toEqual([]);
    expect(p.transmitter.pending).toBe(1);
  });

  it('acknowledges what it acted on and what it had already received, and reports a refused SET in setErrs, in a last request for no events', async () => {
    const p = poller({ delivery: 'poll', poll: { maxEvents: 10 } });
    const alice = await p.signIn('alice');
    const acted = await p.queue(SecurityEventType.SessionRevoked, 'alice');
    const refused = await p.queue(SecurityEventType.SessionRevoked, 'bob', { claims: { aud: 'another-app' } });
    expect(await p.round()).toEqual({ polled: true, processed: 1, duplicates: 0, refused: 1, deferred: 0 });
    expect(p.requests).toEqual([
      { maxEvents: 10, ack: [], setErrs: {} },
      {
        maxEvents: 0,
        ack: [acted.jti],
        setErrs: {
          [refused.jti]: {
            err: 'invalid_audience',
            description: 'security event token rejected: "aud" is not this receiver',
          },
        },
      },
    ]);
    expect(await p.sessions.getSession(alice.id)).toBeNull();
    expect(p.refusedEvents).toEqual([
      {
        delivery: 'poll',
        reason: 'invalid_audience',
        detail: 'security event token rejected: "aud" is not this receiver',
      },
    ]);
    // Its acknowledgement lost, the SET comes again: acknowledged again as a duplicate, nothing refused.
    p.transmitter.enqueue(acted);
    expect(await p.round()).toEqual({ polled: true, processed: 0, duplicates: 1, refused: 0, deferred: 0 });
    expect(p.requests.at(-1)).toEqual({ maxEvents: 0, ack: [acted.jti], setErrs: {} });
    expect(p.refusedEvents).toHaveLength(1);
  });

  it('polls again while more SETs wait, acknowledging each batch in the next request', async () => {
    const p = poller({ delivery: 'poll', poll: { maxEvents: 1 } });
    const first = await p.queue(SecurityEventType.AccountEnabled, 'a');
    const second = await p.queue(SecurityEventType.AccountEnabled, 'b');
    expect((await p.round()).processed).toBe(2);
    expect(p.requests).toEqual([
      { maxEvents: 1, ack: [], setErrs: {} },
      { maxEvents: 1, ack: [first.jti], setErrs: {} },
      { maxEvents: 0, ack: [second.jti], setErrs: {} },
    ]);
    expect(p.transmitter.pending).toBe(0);
  });

  it('makes no acknowledging request when nothing came', async () => {
    const p = poller();
    expect(await p.round()).toEqual({ polled: true, processed: 0, duplicates: 0, refused: 0, deferred: 0 });
    expect(p.requests).toHaveLength(1);
  });

  it('stops at an empty batch even when the transmitter says more wait', async () => {
    const p = poller();
    p.transmitter.poll = async (request): Promise<SecurityEventPollResponse> => {
      p.requests.push(request);
      return { sets: {}, moreAvailable: true };
    };
    await p.round();
    expect(p.requests).toHaveLength(1);
  });

  it('polls at most 20 times in a round, however many SETs wait', async () => {
    const p = poller({ delivery: 'poll', poll: { maxEvents: 1 } });
    for (let i = 0; i < 22; i++) await p.queue(SecurityEventType.AccountEnabled, `u${i}`);
    expect((await p.round()).processed).toBe(20);
    expect(p.requests.map((r) => r.maxEvents)).toEqual([...Array(20).fill(1), 0]);
    expect(p.transmitter.pending).toBe(2);
  });

  it('starts no poll once half the lease (15 s) is gone', async () => {
    const p = poller({ delivery: 'poll', poll: { maxEvents: 1 } });
    for (let i = 0; i < 3; i++) await p.queue(SecurityEventType.AccountEnabled, `u${i}`);
    // Fake time stands still but for each poll, which takes 15 s, whoever else reads it meanwhile.
    vi.useFakeTimers({ toFake: ['performance'] });
    const poll = p.transmitter.poll.bind(p.transmitter);
    p.transmitter.poll = (request) => {
      vi.advanceTimersByTime(15_000);
      return poll(request);
    };
    // Started at 0 s, polled once; at 15 s, half the lease is gone: no poll starts but the acknowledgement.
    expect((await p.round()).processed).toBe(1);
    expect(p.requests.map((r) => r.maxEvents)).toEqual([1, 0]);
  });

  it('defers a SET a store failed on: not acknowledged, not refused, and no more polls this round', async () => {
    const p = poller({ delivery: 'poll', poll: { maxEvents: 1 } });
    await p.signIn('alice');
    await p.queue(SecurityEventType.SessionRevoked, 'alice');
    await p.queue(SecurityEventType.SessionRevoked, 'alice');
    p.registry.findBySubject = async () => {
      throw new IdentityWebError(ErrorCode.StoreUnavailable, 'the account registry is unreachable');
    };
    expect(await p.round()).toEqual({ polled: true, processed: 0, duplicates: 0, refused: 0, deferred: 1 });
    expect(p.requests).toEqual([{ maxEvents: 1, ack: [], setErrs: {} }]);
    expect(p.transmitter.pending).toBe(2);
    expect(p.refusedEvents).toEqual([
      { delivery: 'poll', reason: 'store_unavailable', detail: 'the account registry is unreachable' },
    ]);
    p.registry.findBySubject = async () => {
      throw new Error('ECONNRESET 10.0.0.7');
    };
    p.clock.advance(60_000); // the claim of the first delivery lapses
    await p.round();
    expect(p.refusedEvents.at(-1)).toEqual({
      delivery: 'poll',
      reason: 'internal_error',
      detail: 'the event failed unexpectedly',
    });
  });

  it('runs one round at a time, and another after it, even after a round that failed', async () => {
    const p = poller();
    const metadata = p.transmitter.metadata.bind(p.transmitter);
    p.transmitter.metadata = async () => {
      throw new Error('transmitter down');
    };
    await expect(p.round()).rejects.toThrow('transmitter down');
    p.transmitter.metadata = metadata;
    await p.queue(SecurityEventType.AccountEnabled, 'alice');
    const [one, two] = await Promise.all([p.round(), p.round()]);
    expect([one.polled, two.polled]).toEqual([true, false]);
    expect(two).toEqual({ polled: false, processed: 0, duplicates: 0, refused: 0, deferred: 0 });
    await p.queue(SecurityEventType.AccountEnabled, 'bob');
    expect(await p.round()).toMatchObject({ polled: true, processed: 1 });
  });

  it('releases the lease when a poll request fails', async () => {
    const p = poller();
    p.transmitter.poll = async () => {
      throw new Error('poll endpoint down');
    };
    await expect(p.round()).rejects.toThrow('poll endpoint down');
    expect(p.lease.released).toHaveLength(1);
  });
});
