import { FakeIdentityProvider, FakeSecurityEventTransmitter, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { containerOf } from '../../src/config/di.js';
import type { SharedSignalsOptions } from '../../src/config/shared-signals-options.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { MAX_SECURITY_EVENT_LENGTH, SecurityEventRefusal } from '../../src/domain/security-event.js';
import { SecurityEventType } from '../../src/domain/security-event-types.js';
import type { AccountRegistry } from '../../src/ports/account-registry.port.js';
import type { Clock } from '../../src/ports/clock.port.js';
import type { Invalidation, InvalidationBus } from '../../src/ports/invalidation-bus.port.js';
import { silentLogger } from '../../src/ports/logger.port.js';
import type { ReplayCache } from '../../src/ports/replay-cache.port.js';
import { Partitions } from '../../src/records/partitions.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { HandleSecurityEvent } from '../../src/use-cases/handle-security-event.js';
import { verificationKey } from '../../src/use-cases/stream-verification.js';
import { API, setup } from '../support/helpers.js';

// HandleSecurityEvent's own rules, with no HTTP in between: what a SET must look like before its
// signature is checked, the replay memory and its claim, which accounts a subject names, and what
// each action does to them. The push route and polling are the scenarios' (shared-signals.scenarios).

/** The replay cache, recording each `putIfAbsent` (key and TTL) it is asked for. */
class RecordingReplayCache implements ReplayCache {
  readonly puts: { key: string; ttl: number }[] = [];
  readonly #inner: MemoryReplayCache;
  constructor(clock: Clock) {
    this.#inner = new MemoryReplayCache(clock);
  }
  has(key: string): boolean {
    return this.#inner.has(key);
  }
  putIfAbsent(key: string, ttl: number): Promise<boolean> {
    this.puts.push({ key, ttl });
    return this.#inner.putIfAbsent(key, ttl);
  }
}

/** The invalidation bus, recording each message published. */
class RecordingBus implements InvalidationBus {
  readonly published: Invalidation[] = [];
  readonly #inner = new MemoryInvalidationBus();
  publish(message: Invalidation): Promise<void> {
    this.published.push(message);
    return this.#inner.publish(message);
  }
  subscribe(handler: (message: Invalidation) => void): () => void {
    return this.#inner.subscribe(handler);
  }
}

interface Options {
  signals?: Omit<SharedSignalsOptions, 'transmitter'>;
  makeIdp?: (clock: ManualClock) => FakeIdentityProvider;
}

/** An instance receiving the fake transmitter's SETs, with its replay cache, bus, registry and warnings in view. */
function receiver({ signals = {}, makeIdp = (clock) => new FakeIdentityProvider(clock) }: Options = {}) {
  let clock: ManualClock | undefined;
  const time: Clock = { now: () => clock!.now() };
  const transmitter = new FakeSecurityEventTransmitter(time, 'fake-client');
  const replays = new RecordingReplayCache(time);
  const bus = new RecordingBus();
  const registry: AccountRegistry = new MemoryAccountRegistry(time);
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  const logger = {
    debug() {},
    info() {},
    error() {},
    warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
  };
  const t = setup(
    {
      logger,
      sharedSignals: { transmitter, ...signals },
      stores: { replayCache: replays, invalidationBus: bus, accountRegistry: registry },
    },
    {},
    (c) => {
      clock = c;
      return makeIdp(c);
    },
  );
  const handle = t.container.resolve(HandleSecurityEvent);
  const emitted: unknown[] = [];
  t.identity.on('securityEvent', (e) => {
    emitted.push(e);
  });
  const removed: string[] = [];
  t.identity.on('accountRemoved', (e) => {
    removed.push(`${e.accountKey}:${e.reason}`);
  });
  const user = (sub: string, iss = t.idp.issuer) => ({ format: 'iss_sub', iss, sub });
  /** Mints a SET of `type` about `subject` and hands it to the use case. */
  async function receive(type: string, subject: Record<string, unknown> | undefined, event = {}) {
    const { set } = await transmitter.set(type, subject, event);
    return handle.execute(set, 'push');
  }
  return { ...t, transmitter, replays, bus, registry, warnings, handle, emitted, removed, user, receive };
}

async function refusal(promise: Promise<unknown>): Promise<Error & { code?: string; err?: string; option?: string }> {
  return promise.then(
    () => expect.unreachable('expected a refusal'),
    (error: unknown) => error as Error & { code?: string; err?: string },
  );
}

describe('HandleSecurityEvent: what is refused before the transmitter is asked', () => {
  it('refuses an empty body, one that is no string, and one over the length limit as invalid_request', async () => {
    const r = receiver();
    let asked = 0;
    const verify = r.transmitter.verifySignature.bind(r.transmitter);
    r.transmitter.verifySignature = (jwt, refuse) => {
      asked++;
      return verify(jwt, refuse);
    };
    for (const body of ['', 42 as unknown as string, 'x'.repeat(MAX_SECURITY_EVENT_LENGTH + 1)]) {
      const error = await refusal(r.handle.execute(body, 'push'));
      expect(error).toBeInstanceOf(SecurityEventRefusal);
      expect(error.err).toBe('invalid_request');
      expect(error.message).toBe('security event token rejected: missing or too long');
    }
    // At the limit exactly, the length passes and the shape is what is refused.
    const atLimit = await refusal(r.handle.execute('x'.repeat(MAX_SECURITY_EVENT_LENGTH), 'push'));
    expect(atLimit.message).toBe('security event token rejected: the body is no signed JWT');
    expect(asked).toBe(0);
  });

  it('refuses a body that is no signed JWT as invalid_request, without asking the transmitter', async () => {
    const r = receiver();
    let asked = 0;
    r.transmitter.verifySignature = async () => {
      asked++;
      throw new Error('not to be asked');
    };
    const { set } = await r.transmitter.set(SecurityEventType.SessionRevoked, r.user('alice'));
    for (const body of ['not-a-jwt', set.slice(0, set.lastIndexOf('.') + 1), `${set}.${set}`]) {
      const error = await refusal(r.handle.execute(body, 'push'));
      expect(error).toMatchObject({ err: 'invalid_request', code: 'invalid_security_event' });
      expect(error.message).toBe('security event token rejected: the body is no signed JWT');
    }
    expect(asked).toBe(0);
  });

  it('refuses a verified SET whose payload is not base64url-encoded JSON (b64: false) as invalid_request', async () => {
    const r = receiver();
    const { set } = await r.transmitter.set(
      SecurityEventType.SessionRevoked,
      r.user('alice'),
      {},
      {
        header: { b64: false },
      },
    );
    const error = await refusal(r.handle.execute(set, 'push'));
    expect(error).toMatchObject({ err: 'invalid_request' });
    expect(error.message).toBe('security event token rejected: the payload is no JSON object');
  });

  it('is an invalid_argument naming sharedSignals on an instance without that option', async () => {
    const t = setup();
    const clock = { now: () => t.clock.now() };
    const { set } = await new FakeSecurityEventTransmitter(clock, 'fake-client').set(
      SecurityEventType.SessionRevoked,
      undefined,
    );
    const error = await refusal(t.container.resolve(HandleSecurityEvent).execute(set, 'push'));
    expect(error).toMatchObject({
      code: 'invalid_argument',
      option: 'sharedSignals',
      message: 'identity-web: no sharedSignals option was given',
    });
  });
});

describe('HandleSecurityEvent: a SET is acted on once', () => {
  it('refuses a SET filed under another jti (invalid_request) and accepts it under its own', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    const { jti, set } = await r.transmitter.set(SecurityEventType.SessionRevoked, r.user('alice'));
    const error = await refusal(r.handle.execute(set, 'poll', 'another-jti'));
    expect(error).toMatchObject({ err: 'invalid_request' });
    expect(error.message).toBe('security event token rejected: it was delivered under another "jti"');
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    expect(await r.handle.execute(set, 'poll', jti)).toMatchObject({ jti, action: 'remove-account', accounts: 1 });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('refuses a jti already received as security_event_replayed, and acts on two SETs with different jtis', async () => {
    const r = receiver();
    const { set } = await r.transmitter.set(SecurityEventType.AccountEnabled, r.user('alice'));
    await r.handle.execute(set, 'push');
    const again = await refusal(r.handle.execute(set, 'push'));
    expect(again).toMatchObject({ code: 'security_event_replayed' });
    expect(again.message).toBe('the security event token was already received');
    const other = await r.transmitter.set(SecurityEventType.AccountEnabled, r.user('alice'));
    expect((await r.handle.execute(other.set, 'push')).jti).toBe(other.jti);
  });

  it('answers store_conflict while a delivery that failed half-way holds the claim, and serves the retry once it lapses (30 s)', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    const findBySubject = r.registry.findBySubject.bind(r.registry);
    r.registry.findBySubject = async () => {
      throw new Error('the registry is down');
    };
    const { set } = await r.transmitter.set(SecurityEventType.SessionRevoked, r.user('alice'));
    await expect(r.handle.execute(set, 'push')).rejects.toThrow('the registry is down');
    r.registry.findBySubject = findBySubject;
    const conflict = await refusal(r.handle.execute(set, 'push'));
    expect(conflict).toMatchObject({ code: 'store_conflict', status: 503 });
    expect(conflict.message).toBe('the security event token is being acted on: try again');
    expect(r.replays.puts[0]?.ttl).toBe(30);
    r.clock.advance(29_000);
    expect(await refusal(r.handle.execute(set, 'push'))).toMatchObject({ code: 'store_conflict' });
    r.clock.advance(1_001);
    expect(await r.handle.execute(set, 'push')).toMatchObject({ action: 'remove-account', accounts: 1 });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it("remembers the jti for the SET's acceptance window plus two minutes, and at least ten minutes", async () => {
    // Default window: a day's maxAge and a minute's skew from the SET's iat.
    const r = receiver();
    const fresh = await r.transmitter.set(SecurityEventType.AccountEnabled, r.user('alice'));
    await r.handle.execute(fresh.set, 'push');
    const remembered = (jti: string) => r.replays.puts.find((p) => p.key.endsWith(jti))?.ttl;
    expect(remembered(fresh.jti)).toBe(86_400 + 60 + 120);
    // Issued an hour before it arrives: an hour less to remember.
    const old = await r.transmitter.set(SecurityEventType.AccountEnabled, r.user('alice'));
    r.clock.advance(3600_000);
    await r.handle.execute(old.set, 'push');
    expect(remembered(old.jti)).toBe(86_400 - 3600 + 60 + 120);
    // Still refused as a replay just before its window closes.
    r.clock.advance((86_400 - 3600 + 60 - 1) * 1000);
    expect(await refusal(r.handle.execute(old.set, 'push'))).toMatchObject({ code: 'security_event_replayed' });

    // A short window is remembered ten minutes.
    const short = receiver({ signals: { maxAgeSeconds: 60, clockSkewSeconds: 0 } });
    const event = await short.transmitter.set(SecurityEventType.AccountEnabled, short.user('alice'));
    await short.handle.execute(event.set, 'push');
    expect(short.replays.puts.find((p) => p.key.endsWith(event.jti))?.ttl).toBe(600);
  });

  it('keeps the longest window a SET can have whole, under the two-day cap no accepted SET reaches', async () => {
    // The widest settings: a day's maxAge and ten minutes' skew, the SET issued as far ahead as the skew allows.
    const r = receiver({ signals: { maxAgeSeconds: 86_400, clockSkewSeconds: 600 } });
    const now = Math.floor(r.clock.now() / 1000);
    const ahead = await r.transmitter.set(
      SecurityEventType.AccountEnabled,
      r.user('alice'),
      {},
      { claims: { iat: now + 600 } },
    );
    await r.handle.execute(ahead.set, 'push');
    expect(r.replays.puts.find((p) => p.key.endsWith(ahead.jti))?.ttl).toBe(600 + 86_400 + 600 + 120);
    // No SET reaches further: one issued later, or with any exp, is refused before its jti is kept.
    const later = await r.transmitter.set(
      SecurityEventType.AccountEnabled,
      r.user('alice'),
      {},
      { claims: { iat: now + 601 } },
    );
    expect(await refusal(r.handle.execute(later.set, 'push'))).toMatchObject({ err: 'invalid_request' });
    const expiring = await r.transmitter.set(
      SecurityEventType.AccountEnabled,
      r.user('alice'),
      {},
      {
        claims: { exp: now + 10 * 365 * 86_400 },
      },
    );
    expect(await refusal(r.handle.execute(expiring.set, 'push'))).toMatchObject({ err: 'invalid_request' });
    expect(r.replays.puts.filter((p) => !p.key.endsWith('\u0000claim')).map((p) => p.ttl)).toEqual([87_720]);
  });
});

describe('HandleSecurityEvent: verification and stream events', () => {
  it('accepts a verification event (SSF or RISC) only with a state this app asked for, and notes it as received', async () => {
    const r = receiver();
    for (const type of [SecurityEventType.Verification, SecurityEventType.RiscVerification]) {
      const unasked = await refusal(r.receive(type, undefined, { state: 'never-asked' }));
      expect(unasked).toMatchObject({ err: 'invalid_state' });
      await r.replays.putIfAbsent(verificationKey('requested', r.transmitter.issuer, `asked-${type}`), 600);
      expect(await r.receive(type, undefined, { state: `asked-${type}` })).toMatchObject({ action: 'acknowledge' });
      expect(await r.replays.has(verificationKey('received', r.transmitter.issuer, `asked-${type}`))).toBe(true);
    }
  });

  it('reads a "state" only in a verification event: another event carrying one is acted on', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    expect(await r.receive(SecurityEventType.SessionRevoked, r.user('alice'), { state: 'whatever' })).toMatchObject({
      action: 'remove-account',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('warns when the transmitter says the stream is not enabled, naming the status in a short printable form', async () => {
    const r = receiver();
    const stream = { format: 'opaque', id: 'stream-1' };
    await r.receive(SecurityEventType.StreamUpdated, stream, { status: 'enabled' });
    await r.receive(SecurityEventType.SessionRevoked, r.user('nobody'), { status: 'paused' });
    expect(r.warnings).toEqual([]);
    await r.receive(SecurityEventType.StreamUpdated, stream, { status: 'paused' });
    await r.receive(SecurityEventType.StreamUpdated, stream, { status: 'd'.repeat(40) });
    await r.receive(SecurityEventType.StreamUpdated, stream, { status: 7 });
    expect(r.warnings.map((w) => w.fields)).toEqual([
      { event: 'security_event_stream_updated', status: 'paused' },
      { event: 'security_event_stream_updated', status: 'd'.repeat(32) },
      { event: 'security_event_stream_updated', status: 'number' },
    ]);
    expect(r.warnings[0]?.message).toMatch(/stream is not enabled/);
  });
});

describe('HandleSecurityEvent: critical subject members (SSF 1.0 §3.7)', () => {
  it('discards an event whose subject has a critical member it does not act on', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    r.transmitter.criticalSubjectMembers = ['tenant'];
    const subject = { format: 'complex', user: r.user('alice'), tenant: { format: 'opaque', id: 't-1' } };
    expect(await r.receive(SecurityEventType.SessionRevoked, subject)).toMatchObject({
      action: 'acknowledge',
      accounts: 0,
    });
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    r.transmitter.criticalSubjectMembers = [];
    expect(await r.receive(SecurityEventType.SessionRevoked, subject)).toMatchObject({ action: 'remove-account' });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('discards an event naming the user only by email when "user" is critical and emails are not looked up', async () => {
    const r = receiver();
    r.transmitter.criticalSubjectMembers = ['user'];
    const email = { format: 'email', email: 'alice@example.com' };
    expect(await r.receive(SecurityEventType.AccountDisabled, email)).toMatchObject({ action: 'acknowledge' });
    // The user by iss_sub, or a session alone, is read: acted on.
    const alice = await r.signIn('alice', 'sid-a');
    expect(await r.receive(SecurityEventType.AccountDisabled, r.user('nobody'))).toMatchObject({
      action: 'remove-account',
    });
    const session = { format: 'complex', session: { format: 'opaque', id: 'sid-a' } };
    expect(await r.receive(SecurityEventType.SessionRevoked, session)).toMatchObject({
      action: 'end-session',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('acts on an email subject with "user" critical when emails are looked up', async () => {
    const r = receiver({ signals: { subjects: { email: true } } });
    r.transmitter.criticalSubjectMembers = ['user'];
    r.idp.setClaims('alice', { email: 'alice@example.com', email_verified: true });
    const alice = await r.signIn('alice');
    const email = { format: 'email', email: 'alice@example.com' };
    expect(await r.receive(SecurityEventType.AccountDisabled, email)).toMatchObject({
      action: 'remove-account',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });
});

describe('HandleSecurityEvent: the accounts a subject names', () => {
  it('acts on an event without a subject on nobody, and reports its action', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    expect(await r.receive(SecurityEventType.AccountDisabled, undefined)).toEqual({
      jti: expect.any(String),
      eventType: SecurityEventType.AccountDisabled,
      action: 'remove-account',
      accounts: 0,
    });
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
  });

  it("finds a user named at the provider's issuer or the transmitter's, and nobody at a third, with a warning", async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    const bob = await r.signIn('bob');
    expect(await r.receive(SecurityEventType.AccountDisabled, r.user('alice', 'https://other-idp.test'))).toMatchObject(
      { accounts: 0 },
    );
    expect(r.warnings).toEqual([
      { fields: { event: 'security_event_unmatched', format: 'iss_sub' }, message: expect.stringMatching(/neither/) },
    ]);
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    expect(await r.receive(SecurityEventType.AccountDisabled, r.user('alice', r.transmitter.issuer))).toMatchObject({
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
    expect(await r.receive(SecurityEventType.AccountDisabled, r.user('bob'))).toMatchObject({ accounts: 1 });
    expect(await r.sessions.getSession(bob.id)).toBeNull();
    expect(r.warnings).toHaveLength(1);
  });

  it('ends, of the sessions sharing a provider session id, only those of the user the complex subject names', async () => {
    const r = receiver();
    const alice = await r.signIn('alice', 'shared-sid');
    const bob = await r.signIn('bob', 'shared-sid');
    const subject = { format: 'complex', user: r.user('alice'), session: { format: 'opaque', id: 'shared-sid' } };
    expect(await r.receive(SecurityEventType.SessionRevoked, subject)).toMatchObject({
      action: 'end-session',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
    expect(await r.sessions.getSession(bob.id)).not.toBeNull();
  });

  it('ends, of the sessions sharing a provider session id, only those filed under the email named (subjects.email)', async () => {
    const r = receiver({ signals: { subjects: { email: true } } });
    r.idp.setClaims('alice', { email: 'alice@example.com', email_verified: true });
    r.idp.setClaims('bob', { email: 'bob@example.com', email_verified: true });
    const alice = await r.signIn('alice', 'shared-sid');
    const bob = await r.signIn('bob', 'shared-sid');
    const subject = {
      format: 'complex',
      user: { format: 'email', email: 'Alice@Example.com' },
      session: { format: 'opaque', id: 'shared-sid' },
    };
    expect(await r.receive(SecurityEventType.SessionRevoked, subject)).toMatchObject({ accounts: 1 });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
    expect(await r.sessions.getSession(bob.id)).not.toBeNull();
    // A session named alone ends whoever holds it, email filed or not.
    const session = { format: 'complex', session: { format: 'opaque', id: 'shared-sid' } };
    expect(await r.receive(SecurityEventType.SessionRevoked, session)).toMatchObject({ accounts: 1 });
    expect(await r.sessions.getSession(bob.id)).toBeNull();
  });

  it('ends every session holding the provider session id when the email named is not looked up', async () => {
    const r = receiver();
    const alice = await r.signIn('alice', 'shared-sid');
    const bob = await r.signIn('bob', 'shared-sid');
    const subject = {
      format: 'complex',
      user: { format: 'email', email: 'alice@example.com' },
      session: { format: 'opaque', id: 'shared-sid' },
    };
    expect(await r.receive(SecurityEventType.SessionRevoked, subject)).toMatchObject({ accounts: 2 });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
    expect(await r.sessions.getSession(bob.id)).toBeNull();
  });

  it('looks nobody up by an email unless subjects.email is on, and says why in a warning', async () => {
    const r = receiver();
    r.idp.setClaims('alice', { email: 'alice@example.com', email_verified: true });
    const alice = await r.signIn('alice');
    expect(await r.receive(SecurityEventType.AccountDisabled, { format: 'email', email: 'alice@example.com' })).toEqual(
      expect.objectContaining({ action: 'remove-account', accounts: 0 }),
    );
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    expect(r.warnings).toEqual([
      {
        fields: { event: 'security_event_unmatched', format: 'email' },
        message: expect.stringMatching(/which is not looked up: set sharedSignals\.subjects\.email/),
      },
    ]);
  });

  it('warns, and removes nobody, when the registry has lost its email lookup', async () => {
    const r = receiver({ signals: { subjects: { email: true } } });
    r.idp.setClaims('alice', { email: 'alice@example.com', email_verified: true });
    const alice = await r.signIn('alice');
    (r.registry as { findByEmail?: unknown }).findByEmail = undefined;
    expect(
      await r.receive(SecurityEventType.AccountDisabled, { format: 'email', email: 'alice@example.com' }),
    ).toMatchObject({ accounts: 0 });
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    expect(r.warnings).toEqual([
      {
        fields: { event: 'security_event_unmatched', format: 'email' },
        message: expect.stringMatching(/cannot look emails up \(no findByEmail\)/),
      },
    ]);
  });

  it('names nobody, silently, by a subject format it does not look up', async () => {
    const r = receiver();
    await r.signIn('alice');
    expect(await r.receive(SecurityEventType.AccountDisabled, { format: 'opaque', id: 'alice' })).toMatchObject({
      action: 'remove-account',
      accounts: 0,
    });
    expect(r.warnings).toEqual([]);
    expect(r.removed).toEqual([]);
  });
});

describe('HandleSecurityEvent: what each event does', () => {
  it('removes the account named, with every session of it, once, for the security event', async () => {
    const r = receiver();
    const laptop = await r.signIn('alice', 'sid-laptop');
    const phone = await r.signIn('alice', 'sid-phone');
    const bob = await r.signIn('bob');
    expect(await r.receive(SecurityEventType.AccountPurged, r.user('alice'))).toMatchObject({
      action: 'remove-account',
      accounts: 1,
    });
    expect(await r.sessions.getSession(laptop.id)).toBeNull();
    expect(await r.sessions.getSession(phone.id)).toBeNull();
    expect(await r.tokenCache.getPartition(laptop.accountKey)).toBeNull();
    expect(r.removed).toEqual([`${laptop.accountKey}:security-event`]);
    expect(await r.sessions.getSession(bob.id)).not.toBeNull();
  });

  it('ends only the session a session-revoked names by its id; without one, the whole account goes', async () => {
    const r = receiver();
    const laptop = await r.signIn('alice', 'sid-laptop');
    const phone = await r.signIn('alice', 'sid-phone');
    const ended: unknown[] = [];
    r.identity.on('sessionEnded', (e) => {
      ended.push(e);
    });
    const bySession = { format: 'complex', user: r.user('alice'), session: { format: 'opaque', id: 'sid-laptop' } };
    expect(await r.receive(SecurityEventType.SessionRevoked, bySession)).toMatchObject({
      action: 'end-session',
      accounts: 1,
    });
    expect(await r.sessions.getSession(laptop.id)).toBeNull();
    expect(await r.sessions.getSession(phone.id)).not.toBeNull();
    expect(await r.tokenCache.getPartition(phone.accountKey)).not.toBeNull();
    expect(ended).toEqual([{ sessionId: laptop.id, accountKey: laptop.accountKey, reason: 'security-event' }]);
    expect(await r.receive(SecurityEventType.SessionRevoked, r.user('alice'))).toMatchObject({
      action: 'remove-account',
    });
    expect(await r.sessions.getSession(phone.id)).toBeNull();
  });

  it.each([
    SecurityEventType.SessionsRevoked,
    SecurityEventType.TokensRevoked,
    SecurityEventType.AccountDisabled,
    SecurityEventType.AccountPurged,
    SecurityEventType.AccountCredentialChangeRequired,
  ])('%s removes the account', async (type) => {
    const r = receiver();
    const alice = await r.signIn('alice');
    expect(await r.receive(type, r.user('alice'))).toMatchObject({ action: 'remove-account', accounts: 1 });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('does on credential-change what sharedSignals.credentialChange says (default: remove the account)', async () => {
    for (const [credentialChange, action] of [
      [undefined, 'remove-account'],
      ['remove-account', 'remove-account'],
      ['acknowledge', 'acknowledge'],
    ] as const) {
      const r = receiver({ signals: credentialChange === undefined ? {} : { credentialChange } });
      const alice = await r.signIn('alice');
      expect(await r.receive(SecurityEventType.CredentialChange, r.user('alice'))).toMatchObject({ action });
      expect((await r.sessions.getSession(alice.id)) === null).toBe(action === 'remove-account');
    }
  });

  it('removes the account on account-credential-change-required whatever credentialChange says', async () => {
    const r = receiver({ signals: { credentialChange: 'acknowledge' } });
    const alice = await r.signIn('alice');
    expect(await r.receive(SecurityEventType.AccountCredentialChangeRequired, r.user('alice'))).toMatchObject({
      action: 'remove-account',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).toBeNull();
  });

  it('takes a session-revoked without any subject for the whole account, and names nobody', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    expect(await r.receive(SecurityEventType.SessionRevoked, undefined)).toMatchObject({
      action: 'remove-account',
      accounts: 0,
    });
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('acknowledges account-enabled and an unknown event type, removing nobody', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    for (const type of [SecurityEventType.AccountEnabled, 'https://example.com/event-type/new']) {
      expect(await r.receive(type, r.user('alice'))).toMatchObject({ action: 'acknowledge', accounts: 0 });
    }
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('token-claims-change drops the cached access tokens from the store, this memory and every instance; the session and refresh token stay', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    const account = alice.account;
    await r.identity.acquireToken(account, { scopes: [API] });
    const silent = r.idp.calls.silent;
    await r.identity.acquireToken(account, { scopes: [API] });
    expect(r.idp.calls.silent).toBe(silent); // served from the cache
    r.bus.published.length = 0;
    expect(await r.receive(SecurityEventType.TokenClaimsChange, r.user('alice'))).toMatchObject({
      action: 'drop-tokens',
      accounts: 1,
    });
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
    const partition = await r.container.resolve(Partitions).read(alice.accountKey);
    expect(JSON.parse(partition!.plaintext).tokens).toEqual({});
    expect(r.bus.published).toEqual([{ type: 'account-removed', accountKey: alice.accountKey }]);
    expect(r.removed).toEqual([]);
    await r.identity.acquireToken(account, { scopes: [API] });
    expect(r.idp.calls.silent).toBe(silent + 1);
  });

  it('token-claims-change removes the account when the provider package cannot drop its access tokens', async () => {
    class Cannot extends FakeIdentityProvider {
      override withoutAccessTokens(): string {
        throw new Error('unreadable partition');
      }
    }
    class Lacks extends FakeIdentityProvider {}
    Object.defineProperty(Lacks.prototype, 'withoutAccessTokens', { value: undefined });
    for (const make of [(c: ManualClock) => new Cannot(c), (c: ManualClock) => new Lacks(c)]) {
      const r = receiver({ makeIdp: make });
      const alice = await r.signIn('alice');
      expect(await r.receive(SecurityEventType.TokenClaimsChange, r.user('alice'))).toMatchObject({
        action: 'drop-tokens',
      });
      expect(await r.tokenCache.getPartition(alice.accountKey)).toBeNull();
      expect(r.removed).toEqual([`${alice.accountKey}:security-event`]);
    }
  });

  it('token-claims-change of an account whose partition is gone still drops every instance’s copies', async () => {
    const r = receiver();
    const alice = await r.signIn('alice');
    await r.tokenCache.deletePartition(alice.accountKey);
    r.bus.published.length = 0;
    expect(await r.receive(SecurityEventType.TokenClaimsChange, r.user('alice'))).toMatchObject({ accounts: 1 });
    expect(r.bus.published).toEqual([{ type: 'account-removed', accountKey: alice.accountKey }]);
    expect(r.removed).toEqual([]);
    expect(await r.sessions.getSession(alice.id)).not.toBeNull();
  });

  it('emits securityEvent with how it arrived, its type, the action and the accounts named', async () => {
    const r = receiver();
    await r.signIn('alice');
    const { set } = await r.transmitter.set(SecurityEventType.SessionsRevoked, r.user('alice'));
    await r.handle.execute(set, 'poll');
    expect(r.emitted).toEqual([
      { delivery: 'poll', eventType: SecurityEventType.SessionsRevoked, action: 'remove-account', accounts: 1 },
    ]);
  });
});

describe('HandleSecurityEvent: the provider the transmitter speaks for', () => {
  /** An instance of two providers whose transmitter speaks for `partner`, its registry filled by hand. */
  function twoProviders() {
    const clock = new ManualClock();
    const work = new FakeIdentityProvider(clock, { keyBySubject: true });
    const partner = new FakeIdentityProvider(clock, { issuer: 'https://partner.test', keyBySubject: true });
    const transmitter = new FakeSecurityEventTransmitter(clock, partner.clientId);
    const registry = new MemoryAccountRegistry(clock);
    const identity = createIdentityWeb({
      baseUrl: 'https://app.example',
      secret: 'x'.repeat(32),
      identityProviders: { work, partner },
      clock,
      logger: silentLogger,
      stores: { accountRegistry: registry },
      sharedSignals: { transmitter, provider: 'partner' },
    });
    const container = containerOf(identity);
    const handle = container.resolve(HandleSecurityEvent);
    const file = (issuer: string, accountKey: string) =>
      registry.recordSignIn({ issuer, subject: 'alice', accountKey, sessionId: `session-${accountKey}` }, 3600);
    const receive = async (type: string, iss: string) =>
      handle.execute((await transmitter.set(type, { format: 'iss_sub', iss, sub: 'alice' })).set, 'push');
    return { work, partner, identity, container, registry, file, receive };
  }

  it('looks subjects up at the issuer of the provider sharedSignals.provider names, not at another', async () => {
    const { work, partner, registry, file, receive } = twoProviders();
    await file(work.issuer, 'work:alice');
    await file(partner.issuer, 'partner:alice');
    // Alice at the work provider is another user: named there, nobody is removed.
    expect(await receive(SecurityEventType.SessionsRevoked, work.issuer)).toMatchObject({ accounts: 0 });
    expect(await registry.findBySubject(work.issuer, 'alice')).toHaveLength(1);
    expect(await receive(SecurityEventType.SessionsRevoked, partner.issuer)).toMatchObject({ accounts: 1 });
    expect(await registry.findBySubject(partner.issuer, 'alice')).toEqual([]);
    expect(await registry.findBySubject(work.issuer, 'alice')).toHaveLength(1);
  });

  it('token-claims-change removes an account filed under a provider name no longer configured: its tokens cannot be rewritten', async () => {
    const { partner, identity, container, file, receive } = twoProviders();
    await file(partner.issuer, 'renamed:alice');
    await container.resolve(Partitions).replace('renamed:alice', '{"tokens":{}}');
    const removed: string[] = [];
    identity.on('accountRemoved', (e) => {
      removed.push(`${e.accountKey}:${e.reason}`);
    });
    expect(await receive(SecurityEventType.TokenClaimsChange, partner.issuer)).toMatchObject({
      action: 'drop-tokens',
      accounts: 1,
    });
    expect(removed).toEqual(['renamed:alice:security-event']);
    expect(await container.resolve(Partitions).read('renamed:alice')).toBeNull();
  });
});
