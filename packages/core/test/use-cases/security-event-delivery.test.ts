import { describe, expect, it } from 'vitest';
import { SecurityEventType } from '../../src/domain/security-event-types.js';
import { createScenarioWorld, type ScenarioWorld, webScenarioApp } from '../../src/testing/index.js';

// The delivery rules of Shared Signals that concurrency and a careless transmitter test: a SET is
// acted on once, a poll round runs once per process, a SET is acknowledged only under its own jti.
const user = (world: ScenarioWorld, sub: string) => ({ format: 'iss_sub', iss: world.idp.issuer, sub });

function push(world: ScenarioWorld, set: string): Promise<Response> {
  return world.browser().fetch('/auth/security-events', {
    method: 'POST',
    accept: 'json',
    headers: { 'content-type': 'application/secevent+jwt' },
    body: set,
  });
}

async function withWorld(delivery: 'push' | 'poll', run: (world: ScenarioWorld) => Promise<void>): Promise<void> {
  const world = await createScenarioWorld(webScenarioApp, {}, { sharedSignals: { delivery } });
  try {
    await run(world);
  } finally {
    await world.close();
  }
}

describe('Shared Signals delivery', () => {
  it('acts once on a SET pushed twice at once: the other delivery is told to retry, or that it was received', async () => {
    await withWorld('push', async (world) => {
      await world.signIn('alice');
      let removals = 0;
      world.identity.on('accountRemoved', () => {
        removals++;
      });
      const { set } = await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, 'alice'));
      const statuses = (await Promise.all([push(world, set), push(world, set)])).map((r) => r.status).sort();
      expect(statuses[0]).toBe(202);
      expect([400, 503]).toContain(statuses[1]);
      expect(removals).toBe(1);
    });
  });

  it('runs one poll round at a time in a process: a second call meanwhile polls nothing', async () => {
    await withWorld('poll', async (world) => {
      for (const sub of ['a', 'b', 'c']) {
        world.transmitter.enqueue(await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, sub)));
      }
      const [first, second] = await Promise.all([
        world.identity.pollSecurityEvents(),
        world.identity.pollSecurityEvents(),
      ]);
      expect([first.polled, second.polled].sort()).toEqual([false, true]);
      expect(first.processed + second.processed).toBe(3);
      expect(world.transmitter.acknowledged).toHaveLength(3);
    });
  });

  it('refuses, in setErrs, a SET the transmitter filed under another jti, and acknowledges nothing for it', async () => {
    await withWorld('poll', async (world) => {
      const alice = await world.signIn('alice');
      const real = await world.transmitter.set(SecurityEventType.SessionRevoked, user(world, 'alice'));
      world.transmitter.enqueue({ jti: 'another-jti', set: real.set });
      const outcome = await world.identity.pollSecurityEvents();
      expect(outcome).toMatchObject({ processed: 0, refused: 1 });
      expect(world.transmitter.errors.get('another-jti')?.err).toBe('invalid_request');
      expect(world.transmitter.acknowledged).toEqual([]);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
    });
  });

  it('discards an event whose critical "user" it cannot read (an email), even with a session id it could act on', async () => {
    await withWorld('push', async (world) => {
      const alice = await world.signIn('alice', { sid: 'sid-a' });
      world.transmitter.criticalSubjectMembers = ['user'];
      const subject = {
        format: 'complex',
        user: { format: 'email', email: 'alice@example.com' },
        session: { format: 'opaque', id: 'sid-a' },
      };
      const event = await world.transmitter.set(SecurityEventType.SessionRevoked, subject);
      expect((await push(world, event.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      // Control: not critical, the session it names ends.
      world.transmitter.criticalSubjectMembers = [];
      const again = await world.transmitter.set(SecurityEventType.SessionRevoked, subject);
      expect((await push(world, again.set)).status).toBe(202);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    });
  });

  it('signs out by email only the mailbox named: a look-alike letter (KELVIN SIGN) names another user', async () => {
    const world = await createScenarioWorld(webScenarioApp, {}, { sharedSignals: { subjects: { email: true } } });
    try {
      world.idp.setClaims('kelvin', { email: 'kelvin@example.com', email_verified: true });
      const kelvin = await world.signIn('kelvin');
      const lookAlike = { format: 'email', email: '\u212Aelvin@example.com' };
      const refused = await world.transmitter.set(SecurityEventType.SessionRevoked, lookAlike);
      expect((await push(world, refused.set)).status).toBe(202);
      expect(await world.sessions.getSession(kelvin.sessionId)).not.toBeNull();
      // Control: the same mailbox in other ASCII case is the user's.
      const same = await world.transmitter.set(SecurityEventType.SessionRevoked, {
        format: 'email',
        email: 'Kelvin@Example.COM',
      });
      expect((await push(world, same.set)).status).toBe(202);
      expect(await world.sessions.getSession(kelvin.sessionId)).toBeNull();
    } finally {
      await world.close();
    }
  });

  it("files a sign-in's email only when the app opted in and it is verified, a string of 1 to 320 characters, its ASCII letters in lower case", async () => {
    const cases: [string, Record<string, unknown>, boolean, string | undefined][] = [
      ['verified, mixed case', { email: 'Ann@Example.COM', email_verified: true }, true, 'ann@example.com'],
      [
        'verified, a KELVIN SIGN kept',
        { email: '\u212Aim@Example.com', email_verified: true },
        true,
        '\u212Aim@example.com',
      ],
      [
        'verified, 320 characters',
        { email: `${'a'.repeat(308)}@example.com`, email_verified: true },
        true,
        `${'a'.repeat(308)}@example.com`,
      ],
      ['verified, 321 characters', { email: `${'a'.repeat(309)}@example.com`, email_verified: true }, true, undefined],
      ['verified, empty', { email: '', email_verified: true }, true, undefined],
      ['verified, not a string', { email: 42, email_verified: true }, true, undefined],
      ['"true" as a string', { email: 'ann@example.com', email_verified: 'true' }, true, undefined],
      ['no email_verified', { email: 'ann@example.com' }, true, undefined],
      ['not opted in', { email: 'ann@example.com', email_verified: true }, false, undefined],
    ];
    for (const [name, claims, opted, filed] of cases) {
      const world = await createScenarioWorld(
        webScenarioApp,
        {},
        {
          sharedSignals: opted ? { subjects: { email: true } } : {},
        },
      );
      try {
        world.idp.setClaims('ann', claims);
        await world.signIn('ann');
        const [entry] = await world.registry.findBySubject(world.idp.issuer, 'ann');
        expect(entry?.email, name).toBe(filed);
      } finally {
        await world.close();
      }
    }
  });
});
