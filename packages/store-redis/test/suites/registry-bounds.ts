import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '@identity-web/core/store';
import {
  createScenarioWorld,
  PROVIDER_SCENARIOS,
  type Scenario,
  type ScenarioWorld,
  SESSION_SCENARIOS,
  SHARED_SIGNALS_SCENARIOS,
  webScenarioApp,
} from '@identity-web/core/testing';
import { createClient } from 'redis';
import { afterEach, expect, it } from 'vitest';
import { createRedisStores, type RedisStores } from '../../src/index.js';
import { entryField, Keys } from '../../src/keys.js';
import { eventually } from '../support/in-time.js';
import { redisCli } from '../support/redis-cli.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import type { Connect } from '../support/store-fixtures.js';

/** Worlds on Redis through the core's real sign-in routes, closed after each test. */
function registryWorlds(connect: Connect) {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0).reverse()) await close();
  });

  /** `namespace`: keys of their own, so a scenario's users meet no sessions of an earlier test. */
  async function world(
    namespace?: string,
    scenario: Pick<Scenario, 'options' | 'providers' | 'sharedSignals'> = {},
  ): Promise<{ world: ScenarioWorld; stores: RedisStores }> {
    const stores = createRedisStores({
      ...connect(),
      commandTimeoutMs: 10_000,
      ...(namespace !== undefined && { namespace }),
    });
    open.push(() => stores.close());
    const made = await createScenarioWorld(
      webScenarioApp,
      { ...scenario.options, stores },
      {
        ...(scenario.providers !== undefined && { providers: scenario.providers }),
        ...(scenario.sharedSignals !== undefined && { sharedSignals: scenario.sharedSignals }),
      },
    );
    open.push(() => made.close());
    return { world: made, stores };
  }
  return { world };
}

/** Signs `subject` in again and again in one browser, each time with a new IdP session. */
async function signInRepeatedly(w: ScenarioWorld, subject: string, times: number) {
  const browser = w.browser();
  for (let i = 0; i < times; i++) {
    const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
    expect(start.status).toBe(302);
    const params = w.idp.login(new URL(start.headers.get('location') ?? ''), subject, `sid-${subject}-${i}`);
    const callback = await browser.fetch(`/auth/callback?${params}`);
    expect(callback.status).toBe(302);
  }
  const me = (await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: { key: string } };
  return { browser, accountKey: me.user.key };
}

/**
 * One browser signing one user in `flood` times (about 6 ms each here): the account keeps one
 * registry entry and a victim's logout still works. The test suite floods with 250 sign-ins, two
 * and a half times the per-account cap, on one server and on a cluster; the long suite with 10,000.
 */
export function describeRegistryFlood(connect: Connect, flood: number): void {
  const FLOOD = flood;
  const { world } = registryWorlds(connect);

  it(`${FLOOD.toLocaleString('en')} sign-ins of one user in one browser leave the account one registry entry, and a victim's logout works`, async () => {
    const { world: w } = await world();
    const victim = await w.signIn('victim', { sid: 'sid-victim' });
    const { accountKey } = await signInRepeatedly(w, 'mallory', FLOOD);
    // Each sign-in in the browser forgot the one before it: one entry, far below the cap.
    expect(await w.registry.findBySubject(w.idp.issuer, 'mallory')).toHaveLength(1);
    expect(await w.registry.findBySid(w.idp.issuer, `sid-mallory-${FLOOD - 2}`)).toEqual([]);
    // The victim is still signed in and found (not dropped by the flood), so their logout
    // removes their session and tokens.
    expect(await w.registry.findBySid(w.idp.issuer, 'sid-victim')).toHaveLength(1);
    expect((await victim.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    const logout = await w.browser().post('/auth/back-channel-logout', {
      logout_token: await w.idp.logoutToken({ sid: 'sid-victim' }),
    });
    expect(logout.status).toBe(200);
    expect((await victim.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    expect(await w.tokenCache.getPartition(victim.accountKey)).toBeNull();
    expect(await w.registry.forgetAccount(accountKey)).toHaveLength(1);
  }, 600_000);
}

/** The registry's bounds on a real Redis, through the core's real sign-in routes. */
export function describeRegistryBounds(connect: Connect): void {
  const { world } = registryWorlds(connect);
  describeRegistryFlood(connect, 250);

  it('signs a user out everywhere (identity.signOutUser): every session of theirs ends, the tokens go, others stay', async () => {
    const { world: w } = await world();
    const laptop = await w.signIn('alice', { sid: 'sid-laptop' });
    const phone = await w.signIn('alice', { sid: 'sid-phone' });
    const bob = await w.signIn('bob', { sid: 'sid-bob' });
    expect(await w.identity.signOutUser({ issuer: w.idp.issuer, subject: 'alice' })).toBe(2);
    for (const device of [laptop, phone]) {
      expect((await device.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    }
    expect(await w.tokenCache.getPartition(laptop.accountKey)).toBeNull();
    expect(await w.registry.findBySubject(w.idp.issuer, 'alice')).toEqual([]);
    expect((await bob.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
  });

  // The session list and per-session sign-out read the registry's (iss, sub) lookup and the
  // session records: the core's own scenarios, on these stores.
  SESSION_SCENARIOS.forEach((scenario, i) => {
    it(`session list: ${scenario.name}`, async () => {
      const { world: w } = await world(`sessions-${i}-${Date.now()}`);
      await scenario.run(w);
    });
  });

  // Two providers in one app: accounts, sessions and registry entries kept apart per provider.
  PROVIDER_SCENARIOS.forEach((scenario, i) => {
    it(scenario.name, async () => {
      const { world: w } = await world(`providers-${i}-${Date.now()}`, scenario);
      await scenario.run(w);
    });
  });

  // Shared Signals on these stores: the registry finds the subject, the replay cache claims and
  // remembers each SET, the lease elects the poller.
  SHARED_SIGNALS_SCENARIOS.forEach((scenario, i) => {
    it(`Shared Signals: ${scenario.name}`, async () => {
      const { world: w } = await world(`signals-${i}-${Date.now()}`, scenario);
      await scenario.run(w);
    });
  });

  it(`keeps at most ${DEFAULT_MAX_ENTRIES_PER_ACCOUNT} sign-ins of one user in as many browsers, ending the oldest sessions`, async () => {
    const { world: w } = await world();
    const first = await w.signIn('mallory', { sid: 'sid-first' });
    for (let i = 0; i < DEFAULT_MAX_ENTRIES_PER_ACCOUNT + 5; i++) await w.signIn('mallory', { sid: `sid-m${i}` });
    expect(await w.registry.findBySubject(w.idp.issuer, 'mallory')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
    expect(await w.registry.findBySid(w.idp.issuer, 'sid-first')).toEqual([]);
    // The dropped sign-in's session ended with its entry; the account stays (it has others).
    expect((await first.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    expect(await w.tokenCache.getPartition(first.accountKey)).not.toBeNull();
  }, 120_000);
}

/** The warning at start about a server that may evict keys: one private server per test. */
export function describeEvictionWarning(): void {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0).reverse()) await close();
  });
  const start = async (policy: string) => {
    const server: RedisServer = await startRedisServer();
    open.push(() => server.stop());
    await redisCli(server.port, ['CONFIG', 'SET', 'maxmemory-policy', policy]);
    return server;
  };
  const storesOn = (server: RedisServer, logger: object) => {
    const stores = createRedisStores({ url: server.url, ...logger });
    open.push(() => stores.close());
    return stores;
  };

  it.each(['allkeys-lru', 'volatile-ttl'])('warns once at start when maxmemory-policy is %s', async (policy) => {
    const server = await start(policy);
    const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const errors: string[] = [];
    storesOn(server, {
      logger: {
        warn: (fields: Record<string, unknown>, message: string) => warnings.push({ fields, message }),
        error: (_: unknown, m: string) => errors.push(m),
      },
    });
    await eventually(async () => expect(warnings).toHaveLength(1));
    expect(warnings[0]?.fields).toEqual({ maxmemoryPolicy: policy });
    expect(warnings[0]?.message).toContain('noeviction');
    expect(errors).toEqual([]);
  });

  it('with a logger that has only error(), the warning goes there', async () => {
    const server = await start('allkeys-lfu');
    const errors: string[] = [];
    storesOn(server, { logger: { error: (_: unknown, m: string) => errors.push(m) } });
    await eventually(async () => expect(errors).toHaveLength(1));
    expect(errors[0]).toContain('"allkeys-lfu"');
  });

  it('reads the policy from INFO memory where CONFIG is refused (an ACL user, as managed Redis gives)', async () => {
    const server = await start('allkeys-lru');
    await redisCli(server.port, ['ACL', 'SETUSER', 'app', 'on', '>app-password', '~*', '&*', '+@all', '-config']);
    const refused = await redisCli(server.port, [
      '--user',
      'app',
      '--pass',
      'app-password',
      '--no-auth-warning',
      'CONFIG',
      'GET',
      'maxmemory',
    ]);
    expect(refused).toContain('NOPERM');
    const warnings: Array<Record<string, unknown>> = [];
    const stores = createRedisStores({
      url: `redis://app:app-password@127.0.0.1:${server.port}`,
      logger: { warn: (fields: Record<string, unknown>) => warnings.push(fields), error: () => undefined },
    });
    open.push(() => stores.close());
    await eventually(async () => expect(warnings).toEqual([{ maxmemoryPolicy: 'allkeys-lru' }]));
  });

  it('says nothing under noeviction', async () => {
    const server = await start('noeviction');
    const said: string[] = [];
    const stores = storesOn(server, {
      logger: { warn: (_: unknown, m: string) => said.push(m), error: (_: unknown, m: string) => said.push(m) },
    });
    // A round trip after the check was sent: by then its answer is in.
    await stores.sessionStore.setSession('s', 'record', 60);
    await stores.sessionStore.getSession('s');
    expect(said).toEqual([]);
  });
}

/**
 * An account hash written before the cap existed (no order kept, thousands of entries): one
 * sign-in shrinks it by a bounded number in one short script, never a script that blocks Redis.
 */
export function describeUpgradedHash(): void {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0).reverse()) await close();
  });

  it('a pre-cap hash of 5,000 entries: each sign-in drops at most 200 of them, oldest order first, within the deadline', async () => {
    const server = await startRedisServer();
    open.push(() => server.stop());
    const client = createClient({ url: server.url });
    await client.connect();
    open.push(async () => void (await client.quit()));
    const stores = createRedisStores({ url: server.url, namespace: '', commandTimeoutMs: 2000 });
    open.push(() => stores.close());
    const keys = new Keys('iw:');
    const entry = (sessionId: string): RegistryEntry => ({
      issuer: 'https://idp.test',
      subject: 'alice',
      sid: `sid-${sessionId}`,
      accountKey: 'acct',
      sessionId,
    });
    const old: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) old[entryField('acct', `old${i}`)] = JSON.stringify(entry(`old${i}`));
    await client.hSet(keys.account('acct'), old);

    const started = performance.now();
    const dropped = await stores.accountRegistry.recordSignIn(entry('new1'), 60);
    const ms = performance.now() - started;
    expect(dropped).toHaveLength(200);
    for (const e of dropped ?? []) expect(e.sessionId).toMatch(/^old/);
    expect(await client.hLen(keys.account('acct'))).toBe(5000 - 200 + 1);
    // Not a speed goal: a script that scanned the hash once per dropped field took over 1.6 s.
    expect(ms).toBeLessThan(1000);
    // The next sign-in goes on shrinking it; the newest entry is never among the dropped.
    const next = (await stores.accountRegistry.recordSignIn(entry('new2'), 60)) ?? [];
    expect(next).toHaveLength(200);
    expect(next.map((e) => e.sessionId)).not.toContain('new1');
  });
}
