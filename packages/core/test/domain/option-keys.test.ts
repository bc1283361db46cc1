import { FakeIdentityProvider, FakeSecurityEventTransmitter, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { refuseUnknownOptions, type ShapeOf } from '../../src/domain/option-keys.js';
import { downstreamApi } from '../../src/downstream-api.js';
import { consoleLogger } from '../../src/observability/console-logger.js';
import { MemoryAccountRegistry } from '../../src/stores/memory-account-registry.js';
import { MemoryInvalidationBus } from '../../src/stores/memory-invalidation-bus.js';
import { MemoryRefreshLease } from '../../src/stores/memory-refresh-lease.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { MemorySessionStore } from '../../src/stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';

const base = () => ({
  identityProvider: new FakeIdentityProvider(new ManualClock()),
  baseUrl: 'https://app.example',
  secret: 'x'.repeat(32),
});

function refusal(run: () => unknown): { code: string; option: string; message: string } {
  try {
    run();
  } catch (error) {
    const { code, option, message } = error as { code: string; option: string; message: string };
    return { code, option, message };
  }
  throw new Error('accepted');
}

describe('createIdentityWeb refuses option keys it does not have', () => {
  it.each([
    // [the options given, the path refused, the suggestion (or none)]
    [{ baseURL: 'https://app.example' }, 'baseURL', 'baseUrl'],
    [{ secrets: ['x'.repeat(32)] }, 'secrets', 'secret'],
    [{ session: { cookeName: 'app' } }, 'session.cookeName', 'session.cookieName'],
    [{ session: { memmo: false } }, 'session.memmo', 'session.memo'],
    [{ tokenCache: { refreshSkew: 60 } }, 'tokenCache.refreshSkew', 'tokenCache.refreshSkewSeconds'],
    [{ frontChannelLogout: { sessionRequired: true } }, 'frontChannelLogout.sessionRequired', undefined],
    [{ backChannelLogout: { enable: false } }, 'backChannelLogout.enable', 'backChannelLogout.enabled'],
    [{ pages: { renderer: () => '' } }, 'pages.renderer', 'pages.render'],
    // Another level's option: a top-level key that lives one level down.
    [{ cookieName: 'app' }, 'cookieName', 'session.cookieName'],
    [{ inProcessCaches: false }, 'inProcessCaches', undefined],
    // A flattened nested option.
    [{ sessionMemo: false }, 'sessionMemo', 'session.memo'],
    [{ session_ttl: 60 }, 'session_ttl', 'session.ttlSeconds'],
    // A misspelt store port is refused; a store set's own methods (close) pass.
    [{ stores: { sesionStore: {}, close() {} } }, 'stores.sesionStore', 'stores.sessionStore'],
    [{ sessionStore: {} }, 'sessionStore', 'stores.sessionStore'],
    // A misspelt method of a store set is refused too.
    [{ stores: { forapp() {} } }, 'stores.forapp', 'stores.forApp'],
  ])('%j → %s', (extra, path, near) => {
    const { code, option, message } = refusal(() => createIdentityWeb({ ...base(), ...(extra as object) }));
    expect(code).toBe('invalid_option');
    expect(option).toBe(path);
    expect(message).toContain(`"${path}" is not an option of createIdentityWeb`);
    if (near === undefined) expect(message).not.toContain('did you mean');
    else expect(message).toContain(`did you mean "${near}"?`);
  });

  it.each([
    [{ pol: { maxEvents: 5 } }, 'sharedSignals.pol', 'sharedSignals.poll'],
    [{ pushAuthorization: 'x'.repeat(32) }, 'sharedSignals.pushAuthorization', 'sharedSignals.push.authorization'],
    [{ poll: { interval: 5 } }, 'sharedSignals.poll.interval', 'sharedSignals.poll.intervalSeconds'],
  ])('sharedSignals %j → %s, checked by the receiver its transmitter carries', (extra, path, near) => {
    const transmitter = new FakeSecurityEventTransmitter(new ManualClock(), 'fake-client');
    const { code, option, message } = refusal(() =>
      createIdentityWeb({ ...base(), sharedSignals: { transmitter, ...(extra as object) } }),
    );
    expect({ code, option }).toEqual({ code: 'invalid_option', option: path });
    expect(message).toContain(`"${path}" is not an option of createIdentityWeb: did you mean "${near}"?`);
  });

  it('lets a store set carry members of its own beside its ports', () => {
    const stores = { invalidationBus: new MemoryInvalidationBus(), close() {}, client: new Map(), namespace: 'app1' };
    createIdentityWeb({ ...base(), stores }).close();
  });

  it('offers every option a bare name could mean, and shortens a long key', () => {
    expect(refusal(() => createIdentityWeb({ ...base(), ttlSeconds: 60 } as never)).message).toContain(
      'did you mean "session.ttlSeconds" or "tokenCache.ttlSeconds"?',
    );
    const long = refusal(() => createIdentityWeb({ ...base(), ['k'.repeat(20_000)]: 1 } as never));
    expect(long.option).toBe(`${'k'.repeat(61)}...`);
    expect(long.message.length).toBeLessThan(200);
  });

  it('refuses an unknown key even when its value is undefined (a typo of an unset variable)', () => {
    expect(refusal(() => createIdentityWeb({ ...base(), secert: undefined } as never)).option).toBe('secert');
  });

  it('accepts every documented key at every level, and store sets with members of their own', () => {
    const bus = new MemoryInvalidationBus();
    const identity = createIdentityWeb({
      ...base(),
      basePath: '/auth',
      scopes: ['openid'],
      session: { ttlSeconds: 3600, memo: true, cookieName: 'app', idleSeconds: 600 },
      tokenCache: { ttlSeconds: 60, refreshSkewSeconds: 30, hotIndexMaxAccounts: 5 },
      signInTtlSeconds: 300,
      frontChannelLogout: { enabled: true, cookieFallback: false },
      backChannelLogout: { enabled: true },
      pages: { render: () => '' },
      revokeOnRemove: false,
      onSignIn: () => undefined,
      downstreamApis: {
        orders: downstreamApi({ baseUrl: 'https://api.example', scopes: ['a'], resource: 'https://api.example' }),
      },
      fetch: (url, init) => fetch(url, init),
      stores: Object.assign({ invalidationBus: bus }, { close() {} }),
      clock: new ManualClock(),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    identity.close();
  });
});

describe('refuseUnknownOptions', () => {
  const shape = { mode: true, nested: { each: true } } as const;

  it('looks only into plain objects: instances, arrays and functions pass as they are', () => {
    class Options {
      unknown = 1;
    }
    expect(() => refuseUnknownOptions({ nested: new Options() }, shape, 'f')).not.toThrow();
    expect(() => refuseUnknownOptions({ nested: [1] }, shape, 'f')).not.toThrow();
    expect(() => refuseUnknownOptions(new Options(), shape, 'f')).not.toThrow();
    expect(() => refuseUnknownOptions({ nested: Object.create(null) }, shape, 'f')).not.toThrow();
  });

  it('checks an object without a prototype, and not keys of the prototype', () => {
    const bare = Object.assign(Object.create(null), { mod: 1 });
    expect(refusal(() => refuseUnknownOptions(bare, shape, 'f')).option).toBe('mod');
    expect(refusal(() => refuseUnknownOptions({ toString: 1 }, shape, 'f')).option).toBe('toString');
    expect(refusal(() => refuseUnknownOptions({ nested: { constructor: 1 } }, shape, 'f')).option).toBe(
      'nested.constructor',
    );
  });

  it('suggests nothing for a name far from every option', () => {
    const { message } = refusal(() => refuseUnknownOptions({ zzz: 1 }, shape, 'f'));
    expect(message).toBe('identity-web: "zzz" is not an option of f');
  });

  it('names the error the caller asks for', () => {
    const error = refusal(() =>
      refuseUnknownOptions({ mdoe: 1 }, shape, 'g()', (option, message) =>
        Object.assign(new Error(message), { code: 'custom', option }),
      ),
    );
    expect(error).toEqual({ code: 'custom', option: 'mdoe', message: 'is not an option of g(): did you mean "mode"?' });
  });
});

describe("the core's other option objects refuse typos too", () => {
  const clock = new ManualClock();
  it.each([
    [
      'MemorySessionStore',
      () => new MemorySessionStore(clock, { maxSession: 5 } as never),
      'maxSession',
      'maxSessions',
    ],
    ['MemoryTokenCacheStore', () => new MemoryTokenCacheStore(clock, { maxByte: 5 } as never), 'maxByte', 'maxBytes'],
    [
      'MemoryAccountRegistry',
      () => new MemoryAccountRegistry(clock, { maxEntriesPerAcount: 5 } as never),
      'maxEntriesPerAcount',
      'maxEntriesPerAccount',
    ],
    ['MemoryRefreshLease', () => new MemoryRefreshLease(clock, { maxWait: 5 } as never), 'maxWait', 'maxWaitMs'],
    ['MemoryReplayCache', () => new MemoryReplayCache(clock, { maxEntry: 5 } as never), 'maxEntry', 'maxEntries'],
    ['consoleLogger', () => consoleLogger({ repeatWindow: 5 } as never), 'repeatWindow', 'repeatWindowMs'],
  ])('%s', (owner, make, path, near) => {
    const { code, option, message } = refusal(make);
    expect({ code, option }).toEqual({ code: 'invalid_option', option: path });
    expect(message).toBe(`identity-web: "${path}" is not an option of ${owner}: did you mean "${near}"?`);
  });
});

describe('ShapeOf (compile-time: `pnpm typecheck` fails if a line below stops being an error)', () => {
  interface Api {
    url: string;
    scopes?: readonly string[];
  }
  interface Options {
    name: string;
    nested?: { a?: number; b?: boolean };
    apis?: Readonly<Record<string, Api>>;
    hook?: () => void;
  }
  it('names every key, no more and no fewer, at every depth', () => {
    const full: ShapeOf<Options> = {
      name: true,
      nested: { a: true, b: true },
      apis: true,
      hook: true,
    };
    // @ts-expect-error a key of the type is missing
    const missing: ShapeOf<Options> = { name: true, nested: true, apis: true };
    // @ts-expect-error a key the type lacks
    const extra: ShapeOf<Options> = { name: true, nested: true, apis: true, hook: true, other: true };
    // @ts-expect-error a nested key is missing
    const nestedMissing: ShapeOf<Options> = { name: true, nested: { a: true }, apis: true, hook: true };
    const mapShaped: ShapeOf<Options> = {
      name: true,
      nested: true,
      // @ts-expect-error a map whose keys are the app's own takes `true`: no shape of its values
      apis: { url: true, scopes: true },
      hook: true,
    };
    expect([full, missing, extra, nestedMissing, mapShaped]).toHaveLength(5);
  });
});
