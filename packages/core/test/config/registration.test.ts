// Every `@injectable()` class of the core is registered once, as a singleton, in the container of
// each identity-web instance (a class of `api/`: of each protected API, createIdentityWebApi's). USE_CASES and HTTP_SERVICES (and the SERVICES of the Shared Signals
// receiver and of the session list) are lists kept by hand, and tsyringe builds a class that is on
// none anew at every resolve, without a word: for AcquireToken that would split its single-flight
// and lease state. The classes are found in the sources, so a new one is checked without editing
// this file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeIdentityProvider, FakeSecurityEventTransmitter, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { createIdentityWebApi } from '../../src/api/create-identity-web-api.js';
import { containerOf } from '../../src/config/di.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { downstreamApi } from '../../src/downstream-api.js';
import { sessionList } from '../../src/session-list.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
const DECORATOR = /@injectable\(\)/g;
// The decorator, any others stacked under it, then the class it decorates.
const DECORATED_CLASS = /@injectable\(\)\s*(?:@[\w.]+(?:\([^)]*\))?\s*)*export\s+(?:abstract\s+)?class\s+(\w+)/g;

interface Injectable {
  readonly name: string;
  readonly file: string;
}

function injectableClasses(): Injectable[] {
  const found: Injectable[] = [];
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts')) continue;
    const source = readFileSync(join(SRC, file), 'utf8');
    const names = [...source.matchAll(DECORATED_CLASS)].map((m) => m[1]!);
    // A decorated class this scan cannot name (not exported, another layout) fails here rather
    // than going unchecked.
    const decorators = source.match(DECORATOR)?.length ?? 0;
    if (names.length !== decorators) {
      throw new Error(`${file}: ${decorators} @injectable() but ${names.length} exported classes found after one`);
    }
    for (const name of names) found.push({ name, file });
  }
  return found;
}

const classes = injectableClasses();

/**
 * Registered only in an instance whose options bring them: the receiver a transmitter carries,
 * the session list, the calls of downstreamApi() values.
 */
const OPT_IN = [
  ...['HandleSecurityEvent', 'PollSecurityEvents', 'VerifySecurityEventStream', 'SecurityEventRoutes'],
  ...['ListUserSessions', 'EndUserSession', 'SignOutSessionRoutes'],
  'CallDownstreamApi',
];

/** A protected API with every option that brings a use case (`sharedSignals`). */
function protectedApi() {
  const clock = new ManualClock();
  return createIdentityWebApi({
    identityProvider: {
      issuer: 'https://issuer.test',
      verifyAccessTokenSignature: () => Promise.reject(new Error('unused')),
    },
    audience: 'api://a',
    baseUrl: 'https://api.test',
    sharedSignals: { transmitter: new FakeSecurityEventTransmitter(clock, 'fake-client'), audience: 'api://a' },
  });
}

/** The instance a class belongs to: a protected API's for the classes of `api/`, the web app's for the rest. */
const instanceFor = (file: string) => (file.split(/[\\/]/)[0] === 'api' ? protectedApi() : identity());

/** An instance with every opt-in part on, or (`bare`) with none. */
function identity(bare = false) {
  const clock = new ManualClock();
  return createIdentityWeb({
    identityProvider: new FakeIdentityProvider(clock),
    baseUrl: 'https://app.example',
    secret: 'a-test-secret-that-is-long-enough-0000',
    ...(!bare && {
      sharedSignals: { transmitter: new FakeSecurityEventTransmitter(clock, 'fake-client') },
      session: { list: sessionList },
      downstreamApis: { orders: downstreamApi({ baseUrl: 'https://orders.example', scopes: ['api://orders/read'] }) },
    }),
  });
}

describe('DI registration', () => {
  it('finds the injectable classes of use-cases/, http/ and api/ in the sources', () => {
    const dirs = new Set(classes.map(({ file }) => file.split(/[\\/]/)[0]));
    expect([...dirs]).toEqual(expect.arrayContaining(['use-cases', 'http', 'api']));
    expect(classes.map(({ name }) => name)).toEqual(
      expect.arrayContaining(['AcquireToken', 'AuthHttp', 'AuthorizeApiRequest']),
    );
  });

  it.each(classes)('$name ($file) is registered once, as a singleton of each instance', async ({ name, file }) => {
    const module = (await import(pathToFileURL(join(SRC, file)).href)) as Record<string, unknown>;
    const service = module[name] as new (...args: never[]) => unknown;
    expect(service, `${file} exports ${name}`).toBeTypeOf('function');
    const first = instanceFor(file);
    const c = containerOf(first);
    expect(c.isRegistered(service), `${name} is in USE_CASES, HTTP_SERVICES or an opt-in part's`).toBe(true);
    expect(c.resolveAll(service), `${name} is registered exactly once`).toHaveLength(1);
    expect(c.resolve(service), `${name} resolves to one instance`).toBe(c.resolve(service));
    // Per instance, not per process: two apps in one process share no state.
    const second = instanceFor(file);
    expect(containerOf(second).resolve(service), `${name} belongs to its instance`).not.toBe(c.resolve(service));
    if ('close' in first) first.close();
    if ('close' in second) second.close();
  });

  it('registers the opt-in classes only in an instance whose options bring them', async () => {
    const optIn = classes.filter(({ name }) => OPT_IN.includes(name));
    expect(optIn.map(({ name }) => name).sort()).toEqual([...OPT_IN].sort());
    const bare = identity(true);
    for (const { name, file } of optIn) {
      const module = (await import(pathToFileURL(join(SRC, file)).href)) as Record<string, unknown>;
      expect(containerOf(bare).isRegistered(module[name] as never), name).toBe(false);
    }
    bare.close();
  });
});
