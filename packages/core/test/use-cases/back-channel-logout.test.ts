// The one back-channel logout use case, with parties of its own: the replay rule and the order of
// its steps, whoever the party is (the web app, an API, both on one replay cache).
import { describe, expect, it } from 'vitest';
import type { LogoutTokenClaims } from '../../src/domain/logout-token.js';
import { removeWithEntries } from '../../src/records/partitions.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { ManualClock } from '../../src/testing/fake-identity-provider.js';
import { BackChannelLogout, type LogoutParty } from '../../src/use-cases/back-channel-logout.js';

const clock = new ManualClock();
const now = () => Math.floor(clock.now() / 1000);
const claims = (): LogoutTokenClaims => ({
  iss: 'https://idp.test',
  sub: 'alice',
  jti: 'jti-1',
  iat: now(),
  acceptUntil: now() + 120,
});

/** A party that takes any token as `claims()` and counts what it ended; `fail` makes its ending throw once. */
function party(replayScope: string, fail = false) {
  const ended: string[] = [];
  let failing = fail;
  const p: LogoutParty = {
    replayScope,
    verify: async () => claims(),
    end: async (c) => {
      if (failing) {
        failing = false;
        throw new Error('the store is down');
      }
      ended.push(c.sub ?? '');
      return 1;
    },
  };
  return { p, ended };
}

describe('BackChannelLogout', () => {
  it('serves a logout token once, and refuses it as replayed after', async () => {
    const { p, ended } = party('');
    const logout = new BackChannelLogout(p, new MemoryReplayCache(clock), clock);
    expect(await logout.execute('token')).toBe(1);
    await expect(logout.execute('token')).rejects.toMatchObject({ code: 'logout_token_replayed' });
    expect(ended).toEqual(['alice']);
  });

  it('counts the jti as used only once the ending succeeded, so the provider’s retry is served', async () => {
    const { p, ended } = party('', true);
    const logout = new BackChannelLogout(p, new MemoryReplayCache(clock), clock);
    await expect(logout.execute('token')).rejects.toThrow('the store is down');
    expect(await logout.execute('token')).toBe(1);
    expect(ended).toEqual(['alice']);
  });

  it('serves the same token once to the web app and once to an API that share one replay cache', async () => {
    const replays = new MemoryReplayCache(clock);
    const web = party('');
    const api = party('api-logout');
    const webLogout = new BackChannelLogout(web.p, replays, clock);
    const apiLogout = new BackChannelLogout(api.p, replays, clock);
    expect(await webLogout.execute('token')).toBe(1);
    expect(await apiLogout.execute('token')).toBe(1);
    await expect(webLogout.execute('token')).rejects.toMatchObject({ code: 'logout_token_replayed' });
    await expect(apiLogout.execute('token')).rejects.toMatchObject({ code: 'logout_token_replayed' });
    expect([web.ended, api.ended]).toEqual([['alice'], ['alice']]);
  });

  it('remembers the jti for as long as the verifier accepts the token', async () => {
    const { p } = party('');
    const logout = new BackChannelLogout(p, new MemoryReplayCache(clock), clock);
    await logout.execute('token');
    clock.advance(119_000);
    await expect(logout.execute('token')).rejects.toMatchObject({ code: 'logout_token_replayed' });
  });
});

describe('removeWithEntries: the one removal race handler', () => {
  const entry = { accountKey: 'k', sessionId: 's', issuer: 'https://idp.test', subject: 'alice' };

  it('removes the partition, forgets the entries, and removes it again when an entry was found', async () => {
    const calls: string[] = [];
    const partitions = {
      remove: async (key: string) => {
        calls.push(`remove ${key}`);
        return calls.length === 1;
      },
    };
    const registry = {
      forgetAccount: async (key: string) => {
        calls.push(`forget ${key}`);
        return [entry as never];
      },
    };
    const between = async () => void calls.push('between');
    expect(await removeWithEntries(partitions, registry, 'k', between)).toEqual({ removed: true, entries: [entry] });
    expect(calls).toEqual(['remove k', 'between', 'forget k', 'remove k']);
  });

  it('removes once when no entry led to it, and forgets the entries when no partitions are kept', async () => {
    let removals = 0;
    const partitions = {
      remove: async () => {
        removals++;
        return false;
      },
    };
    const none = { forgetAccount: async () => [] };
    expect(await removeWithEntries(partitions, none, 'k')).toEqual({ removed: false, entries: [] });
    expect(removals).toBe(1);
    const registry = new MemoryAccountRegistry(clock);
    await registry.recordSignIn(entry as never, 60);
    expect(await removeWithEntries(undefined, registry, 'k')).toMatchObject({ removed: false, entries: [entry] });
    expect(await registry.findBySubject('https://idp.test', 'alice')).toEqual([]);
  });
});
