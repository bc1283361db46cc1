import { ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { SessionMemo } from '../../src/cache/session-memo.js';
import type { Session } from '../../src/domain/session.js';
import type { SessionStore } from '../../src/ports/session-store.port.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { RecordSessionActivity } from '../../src/use-cases/record-session-activity.js';
import { RemoveAccount } from '../../src/use-cases/remove-account.js';
import { setup } from '../support/helpers.js';

const IDLE = 600;

/** A session store that counts writes and can run something just before one lands. */
class WatchedStore extends MemorySessionStore {
  writes = 0;
  beforeWrite: (() => Promise<void>) | undefined;
  override async setSession(id: string, record: string, ttlSeconds: number): Promise<void> {
    this.writes++;
    const before = this.beforeWrite;
    this.beforeWrite = undefined;
    await before?.();
    return super.setSession(id, record, ttlSeconds);
  }
}

// The watched store keeps time of its own that never moves: these tests look at what is
// written, not at the store's expiry.
const watchedStore = () => new WatchedStore(new ManualClock());

describe('session.idleSeconds', () => {
  it('rewrites the session record at most once per quarter of the idle window, however many requests come', async () => {
    const watched = watchedStore();
    const u = setup({ session: { ttlSeconds: 3600, idleSeconds: IDLE }, stores: { sessionStore: watched } });
    const session = await u.signIn('alice');
    const activity = u.container.resolve(RecordSessionActivity);
    const writesAtSignIn = watched.writes;
    let current: Session | null = session;
    for (let second = 1; second <= 600; second++) {
      u.clock.advance(1000);
      current = await activity.execute('cookie', current!);
      expect(current).not.toBeNull();
    }
    // 600 requests, one a second, over one idle window: four writes (every 150 s).
    expect(watched.writes - writesAtSignIn).toBe(4);
  });

  it('writes once for requests that arrive together when a write is due', async () => {
    const watched = watchedStore();
    const t = setup({ session: { ttlSeconds: 3600, idleSeconds: IDLE }, stores: { sessionStore: watched } });
    const session = await t.signIn('alice');
    const before = watched.writes;
    t.clock.advance(IDLE * 250);
    const activity = t.container.resolve(RecordSessionActivity);
    const all = await Promise.all(Array.from({ length: 10 }, () => activity.execute('cookie', session)));
    expect(new Set(all.map((s) => s?.lastSeenAt))).toEqual(new Set([t.clock.now()]));
    expect(watched.writes - before).toBe(1);
  });

  it('never brings back a session that a removal deleted while the activity was being written', async () => {
    const watched = watchedStore();
    const t = setup({ session: { ttlSeconds: 3600, idleSeconds: IDLE }, stores: { sessionStore: watched } });
    const session = await t.signIn('alice');
    t.clock.advance(IDLE * 250); // a quarter of the window and more: a write is due
    // The sign-out runs to its end between our read of the session and our write of it.
    watched.beforeWrite = async () => {
      await t.container.resolve(RemoveAccount).execute(session.accountKey, 'sign-out', [session.id]);
    };
    const after = await t.container.resolve(RecordSessionActivity).execute('cookie', session);
    expect(after).toBeNull();
    expect(await watched.getSession(session.id)).toBeNull();
  });

  it('does not extend a session whose idle deadline has passed', async () => {
    const t = setup({ session: { ttlSeconds: 3600, idleSeconds: IDLE } });
    const session = await t.signIn('alice');
    t.clock.advance(IDLE * 1000);
    expect(await t.container.resolve(RecordSessionActivity).execute('cookie', session)).toBeNull();
  });

  it('stores a record no longer than its idle deadline, so the store forgets idle sessions by itself', async () => {
    const ttls: number[] = [];
    const store: SessionStore = new MemorySessionStore(new ManualClock());
    const spy: SessionStore = {
      getSession: (id) => store.getSession(id),
      setSession: (id, record, ttl) => {
        ttls.push(ttl);
        return store.setSession(id, record, ttl);
      },
      deleteSession: (id) => store.deleteSession(id),
    };
    const t = setup({ session: { ttlSeconds: 3600, idleSeconds: IDLE }, stores: { sessionStore: spy } });
    await t.signIn('alice');
    expect(ttls).toEqual([IDLE]);
  });
});

describe('SessionMemo with an idle window', () => {
  it('ends an entry at the idle deadline, before its own minute is up', async () => {
    const t = setup();
    const memo = new SessionMemo(t.clock, 10, 40_000);
    const session = await t.signIn('alice');
    memo.remember('cookie', session);
    t.clock.advance(39_999);
    expect(memo.get('cookie')).not.toBeNull();
    t.clock.advance(1);
    expect(memo.get('cookie')).toBeNull();
  });

  it('measures the idle window from the last recorded activity', async () => {
    const t = setup();
    const memo = new SessionMemo(t.clock, 10, 40_000);
    const session = await t.signIn('alice');
    t.clock.advance(30_000);
    memo.remember('cookie', { ...session, lastSeenAt: t.clock.now() });
    t.clock.advance(39_999);
    expect(memo.get('cookie')).not.toBeNull();
  });
});
