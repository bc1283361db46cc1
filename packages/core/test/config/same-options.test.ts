// One secret rule and one place for the stores' defaults: `createIdentityWeb` and
// `createIdentityWebApi` refuse the same `secret` and the same store ports, in the same words.
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIdentityWebApi } from '../../src/api.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { silentLogger } from '../../src/ports/logger.port.js';
import { MemoryReplayCache } from '../../src/stores/memory-replay-cache.js';
import { MemoryTokenCacheStore } from '../../src/stores/memory-token-cache-store.js';
import { API_AUDIENCE, ApiTokenIssuer } from '../../src/testing/api-token-issuer.js';

const clock = new ManualClock();
const issuer = await ApiTokenIssuer.create(() => clock.now());

/** What each factory says of `extra`: its error's message, or `null` when it takes it. */
function refusals(extra: Record<string, unknown>): { web: string | null; api: string | null } {
  const said = (make: () => unknown) => {
    try {
      make();
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  return {
    web: said(() =>
      createIdentityWeb({
        identityProvider: new FakeIdentityProvider(clock),
        baseUrl: 'https://app.test',
        secret: 'w'.repeat(32),
        logger: silentLogger,
        ...extra,
      } as never),
    ),
    api: said(() =>
      createIdentityWebApi({
        identityProvider: issuer.provider,
        audience: API_AUDIENCE,
        baseUrl: 'https://api.test',
        ...extra,
      } as never),
    ),
  };
}

describe('the web app and the API read secret and stores alike', () => {
  const secrets = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constant(undefined), fc.integer()), { maxLength: 3 }),
    fc.constantFrom(undefined, null, 42, {}, ''),
  );

  it('takes and refuses the same secrets, with the same words', () => {
    fc.assert(
      fc.property(secrets, (secret) => {
        const { web, api } = refusals({ secret });
        expect(api).toBe(web);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a secret written out but unset as the unset environment variable it most often is', () => {
    const { web, api } = refusals({ secret: process.env.IDENTITY_WEB_API_SECRET_NEVER_SET });
    expect(api).toContain('"secret" is undefined (an unset environment variable?)');
    expect(web).toBe(api);
  });

  it('refuses the same malformed store ports, naming the port and its methods', () => {
    const ports = {
      tokenCacheStore: 'getPartition(), setPartition() and deletePartition() (a TokenCacheStore)',
      replayCache: 'has() and putIfAbsent() (a ReplayCache)',
    };
    for (const [port, methods] of Object.entries(ports)) {
      for (const wrong of [{}, 'redis://localhost', { has: () => true }]) {
        const { web, api } = refusals({ stores: { [port]: wrong } });
        expect({ port, web }).toEqual({ port, web: expect.stringContaining(`"stores.${port}" must be an object`) });
        expect(web).toContain(methods);
        expect(api).toBe(web);
      }
    }
    expect(refusals({ stores: 'redis' })).toEqual({
      web: expect.stringContaining('"stores" must be an object'),
      api: expect.stringContaining('"stores" must be an object'),
    });
  });

  it("asks of an account registry the methods each calls: the web app's sessions' too, an API's lookups only", () => {
    const lookups = { recordSignIn() {}, findBySid() {}, findBySubject() {}, forgetAccount() {} };
    const { web, api } = refusals({ stores: { accountRegistry: lookups } });
    expect(web).toContain(
      '"stores.accountRegistry" must be an object with the methods recordSignIn(), findBySid(), findBySubject(), touchAccount(), forgetAccount() and forgetSession() (an AccountRegistry)',
    );
    expect(api).toBeNull();
    expect(refusals({ stores: { accountRegistry: { ...lookups, forgetAccount: undefined } } }).api).toContain(
      '"stores.accountRegistry" must be an object with the methods recordSignIn(), findBySid(), findBySubject() and forgetAccount() (an AccountRegistry)',
    );
  });

  it('takes store ports that have their methods, and tells forApp which app they serve', () => {
    const apps: unknown[] = [];
    const stores = {
      tokenCacheStore: new MemoryTokenCacheStore(clock),
      replayCache: new MemoryReplayCache(clock),
      forApp(app: unknown) {
        apps.push(app);
      },
    };
    expect(refusals({ stores })).toEqual({ web: null, api: null });
    expect(apps).toHaveLength(2);
  });
});
