import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../src/storage.js';

describe("the demo IdP's storage", () => {
  it('keeps every live entry, however many (an LRU of 1,000 would drop the first)', async () => {
    const adapter = memoryStorage()('RefreshToken');
    for (let i = 0; i < 5000; i++) await adapter.upsert(`rt${i}`, { grantId: `g${i}` }, 3600);
    expect(await adapter.find('rt0')).toEqual({ grantId: 'g0' });
    expect(await adapter.find('rt4999')).toEqual({ grantId: 'g4999' });
  });

  it('forgets an entry once it expired, and keeps one without a lifetime', async () => {
    let now = 1_000_000;
    const storage = memoryStorage(() => now);
    const adapter = storage('AccessToken');
    await adapter.upsert('short', {}, 10);
    await adapter.upsert('forever', {});
    now += 10_000;
    expect(await adapter.find('short')).toBeUndefined();
    expect(await adapter.find('forever')).toEqual({});
  });

  it('marks a consumed token, revokes a whole grant, and finds a session by uid', async () => {
    const storage = memoryStorage();
    const tokens = storage('RefreshToken');
    const codes = storage('AuthorizationCode');
    await tokens.upsert('rt', { grantId: 'g' }, 60);
    await codes.upsert('code', { grantId: 'g' }, 60);
    await tokens.upsert('other', { grantId: 'h' }, 60);
    await tokens.consume('rt');
    expect((await tokens.find('rt'))?.consumed).toEqual(expect.any(Number));
    await tokens.revokeByGrantId('g');
    expect(await tokens.find('rt')).toBeUndefined();
    expect(await codes.find('code')).toBeUndefined();
    expect(await tokens.find('other')).toEqual({ grantId: 'h' });
    const sessions = storage('Session');
    await sessions.upsert('s1', { uid: 'u1' }, 60);
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1' });
    await sessions.destroy('s1');
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });
});
