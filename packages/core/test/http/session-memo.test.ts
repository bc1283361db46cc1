import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import type { InvalidationBus } from '../../src/ports/invalidation-bus.port.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { webApp } from '../support/web-app.js';

/** Two instances of one app sharing stores and a bus, as two processes behind a load balancer would. */
async function twoInstances(options: { bus?: InvalidationBus; memo?: boolean; busReachesAll?: false } = {}) {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  const stores = {
    sessionStore: new MemorySessionStore(clock),
    tokenCacheStore: new MemoryTokenCacheStore(clock),
    accountRegistry: new MemoryAccountRegistry(clock),
    invalidationBus: Object.assign(options.bus ?? new MemoryInvalidationBus(), {
      ...(options.busReachesAll === false && { reachesEveryInstance: false }),
    }),
  };
  const make = () =>
    createIdentityWeb({
      identityProvider: idp,
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
      clock,
      stores,
      ...(options.memo !== undefined && { session: { memo: options.memo } }),
    });
  const a = make();
  const b = make();
  const appA = await webApp(a);
  const appB = await webApp(b);
  const browser = new TestBrowser(appA.fetch);
  const start = await browser.fetch('/auth/sign-in');
  await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location')!, 'alice', 'sid-a')}`);
  const onB = async () => {
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await appB.fetch('/public', { headers: { cookie, accept: 'application/json' } });
    const body = (await response.json()) as { authenticated?: boolean };
    if (typeof body.authenticated !== 'boolean')
      throw new Error(`unexpected answer ${response.status} ${JSON.stringify(body)}`);
    return body.authenticated;
  };
  return { a, b, clock, idp, browser, onB };
}

describe('the verified-session memo', () => {
  it('drops a session on every instance the moment its account is removed anywhere', async () => {
    const { a, onB, browser } = await twoInstances();
    expect(await onB()).toBe(true); // B verified the cookie once and remembers it
    expect(await onB()).toBe(true);
    const key = ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } }).user
      .key;
    await a.removeAccount(key);
    expect(await onB()).toBe(false);
  });

  it('never serves a remembered session past its expiry', async () => {
    const { clock, onB } = await twoInstances();
    expect(await onB()).toBe(true);
    clock.advance(8 * 3600 * 1000 + 1);
    expect(await onB()).toBe(false);
  });

  it('forgets a remembered session within a minute even if the removal message never arrives', async () => {
    const silent: InvalidationBus = { publish: async () => {}, subscribe: () => () => {} };
    const { a, onB, clock, browser } = await twoInstances({ bus: silent });
    expect(await onB()).toBe(true);
    const key = ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } }).user
      .key;
    await a.removeAccount(key);
    clock.advance(60_001);
    expect(await onB()).toBe(false);
  });

  it('with the memo off, a removal takes effect on the next request everywhere, even without a bus', async () => {
    const silent: InvalidationBus = { publish: async () => {}, subscribe: () => () => {} };
    const { a, onB, browser } = await twoInstances({ bus: silent, memo: false });
    expect(await onB()).toBe(true);
    const key = ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } }).user
      .key;
    await a.removeAccount(key);
    expect(await onB()).toBe(false);
  });

  it('is off by default with stores whose bus reaches only this instance (as on Workers)', async () => {
    const silent: InvalidationBus = { publish: async () => {}, subscribe: () => () => {} };
    const { a, onB, browser } = await twoInstances({ bus: silent, busReachesAll: false });
    expect(await onB()).toBe(true);
    const key = ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } }).user
      .key;
    await a.removeAccount(key);
    expect(await onB()).toBe(false);
  });

  it('cannot be turned on with such stores: session.memo: true is refused with the reason', async () => {
    await expect(twoInstances({ busReachesAll: false, memo: true })).rejects.toMatchObject({
      code: 'invalid_option',
      option: 'session.memo',
      message: expect.stringContaining('their invalidation bus reaches only this instance'),
    });
  });
});
