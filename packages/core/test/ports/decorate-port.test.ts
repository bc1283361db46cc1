import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { namedProvider } from '../../src/config/providers.js';
import { observedIdentityProvider } from '../../src/observability/observed-identity-provider.js';
import { decoratePort } from '../../src/ports/decorate-port.js';
import type { IdentityProvider } from '../../src/ports/identity-provider.port.js';

const events = { emit: async () => {}, listens: () => false };
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The port as it may grow: a plain property and an optional method it does not have today. */
type GrownPort = IdentityProvider & { readonly tenant?: string; probe?(partition: string): Promise<string> };

/** A provider with the grown members; `probe` reads `this`, so it fails unless bound to the provider. */
class GrownProvider extends FakeIdentityProvider {
  readonly tenant = 'contoso';
  async probe(partition: string): Promise<string> {
    return `${this.issuer} ${partition}`;
  }
}

/** A provider with the required members only: every optional capability absent. */
function bareProvider(): IdentityProvider {
  const fake = new FakeIdentityProvider(new ManualClock());
  return {
    issuer: fake.issuer,
    authorizationUrl: (r) => fake.authorizationUrl(r),
    redeemCode: (r) => fake.redeemCode(r),
    acquireTokenSilent: (p, a, r) => fake.acquireTokenSilent(p, a, r),
    endSessionUrl: (r) => fake.endSessionUrl(r),
    verifyLogoutToken: (jwt) => fake.verifyLogoutToken(jwt),
  };
}

// The core's wrappers of the identity-provider port, alone and stacked as createIdentityWeb stacks them.
const WRAPPERS: [string, (idp: IdentityProvider) => IdentityProvider][] = [
  ['observedIdentityProvider', (idp) => observedIdentityProvider(idp, events, quiet, 'work')],
  ['namedProvider', (idp) => namedProvider('work', idp)],
  [
    'namedProvider over observedIdentityProvider',
    (idp) => namedProvider('work', observedIdentityProvider(idp, events, quiet, 'work')),
  ],
];

describe.each(WRAPPERS)('%s passes the port through', (_, wrap) => {
  it('a plain property (clientId) and a member the port may gain, bound to the provider', async () => {
    const wrapped = wrap(new GrownProvider(new ManualClock(), { clientId: 'app-7' })) as GrownPort;
    expect(wrapped.clientId).toBe('app-7');
    expect(wrapped.tenant).toBe('contoso');
    expect(await wrapped.probe?.('p1')).toBe('https://idp.test p1');
  });

  it('optional members the provider lacks stay absent', () => {
    const wrapped = wrap(bareProvider());
    for (const member of ['clientId', 'frameOrigin', 'responseMode', 'cachedToken', 'acquireTokenForApp', 'revoke']) {
      expect(member in wrapped, member).toBe(false);
      expect(wrapped[member as keyof IdentityProvider], member).toBeUndefined();
    }
  });

  it("follows the provider's members as they change", () => {
    const idp = new FakeIdentityProvider(new ManualClock());
    const wrapped = wrap(idp);
    idp.responseMode = 'form_post';
    expect(wrapped.responseMode).toBe('form_post');
  });
});

describe('decoratePort', () => {
  const target = {
    name: 'target',
    greet(this: { name: string }, who: string) {
      return `${this.name} greets ${who}`;
    },
    optional: undefined as (() => string) | undefined,
  };

  it('replaces the members given, and reads every other one from the target at each access', () => {
    const view = decoratePort(target, { greet: (who: string) => `hello ${who}` });
    expect(view.greet('ann')).toBe('hello ann');
    expect(view.name).toBe('target');
    const plain = decoratePort(target, {});
    expect(plain.greet('ann')).toBe('target greets ann');
    expect(plain.greet).toBe(plain.greet);
  });

  it('has a replaced member exactly when the target has it', () => {
    const local = { ...target };
    const view = decoratePort(local, { optional: () => 'replaced' });
    expect(view.optional).toBeUndefined();
    local.optional = () => 'original';
    expect(view.optional?.()).toBe('replaced');
  });

  it('lists the target’s own members, and takes no assignment', () => {
    const view = decoratePort(target, {});
    expect(Object.keys(view)).toEqual(['name', 'greet', 'optional']);
    expect(() => {
      (view as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(target.name).toBe('target');
  });

  it('wraps a frozen target', () => {
    const view = decoratePort(Object.freeze({ ...target }), { name: 'view' });
    expect(view.name).toBe('view');
  });
});
