import { FakeIdentityProvider, FakeSecurityEventTransmitter, ManualClock } from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/resolve-settings.js';
import { createIdentityWeb } from '../../src/create-identity-web.js';
import { downstreamApi } from '../../src/downstream-api.js';

describe('createIdentityWeb options', () => {
  const idp = new FakeIdentityProvider(new ManualClock());
  const base = { identityProvider: idp, baseUrl: 'https://app.example', secret: 'x'.repeat(32) };

  it('says an undefined secret is most often an unset environment variable, for one or one of a list', () => {
    const unset =
      'is undefined (an unset environment variable?): give at least 32 random characters, the same on every instance';
    expect(() => createIdentityWeb({ ...base, secret: process.env.IDENTITY_WEB_SECRET_NEVER_SET as string })).toThrow(
      `identity-web: "secret" ${unset}`,
    );
    const list = ['x'.repeat(32), process.env.IDENTITY_WEB_OLD_SECRET_NEVER_SET as string];
    expect(() => createIdentityWeb({ ...base, secret: list })).toThrow(`identity-web: "secret[1]" ${unset}`);
  });

  it.each([
    [{ baseUrl: 'not a url' }, /"baseUrl" must be an absolute URL/],
    [{ baseUrl: 'http://app.example' }, /"baseUrl" must be an https URL \(plain http only for localhost/],
    [{ baseUrl: 'https://app.example?x=1' }, /"baseUrl" must not have a query, a fragment or credentials/],
    [{ baseUrl: 'https://app.example/path' }, /"baseUrl" must be an origin/],
    [{ secret: 'short' }, /"secret" must be at least 32 characters/],
    [{ secret: [] }, /"secret" must be a string or a non-empty list/],
    [{ secret: ['x'.repeat(32), 'short'] }, /"secret" must be at least 32 characters/],
    [{ identityProvider: {} }, /"identityProvider" must be an IdentityProvider/],
    [{ basePath: 'auth/' }, /"basePath" must be a path/],
    [{ scopes: ['profile'] }, /"scopes" must include "openid"/],
    [{ session: { ttlSeconds: -1 } }, /"session.ttlSeconds" must be a whole number from 1 to 34560000/],
    [{ revokeOnRemove: 'yes' }, /"revokeOnRemove" must be a boolean/],
    [{ session: { ttlSeconds: 0.5 } }, /"session.ttlSeconds" must be a whole number/],
    [{ session: { ttlSeconds: 401 * 86400 } }, /to 34560000 \(400 days\)/],
    [{ session: { idleSeconds: 0 } }, /"session.idleSeconds" must be a whole number/],
    [{ session: { ttlSeconds: 600, idleSeconds: 600 } }, /"session.idleSeconds" .*below session.ttlSeconds/],
    [{ session: { list: true } }, /"session.list" must be sessionList from @identity-web\/core/],
    // Another copy's sessionList (two versions installed) or a look-alike: refused at creation, not at its first use.
    [
      { session: { list: { lists: 'sessions', wire: () => ({ routes: [] }) } } },
      /"session.list" is the sessionList of another copy of @identity-web\/core: import sessionList from the package that gives createIdentityWeb/,
    ],
    [{ onSignIn: 'allow' }, /"onSignIn" must be a function/],
    [{ fetch: {} }, /"fetch" must be a function/],
    [{ downstreamApis: [] }, /"downstreamApis" must be an object of named APIs, each made by downstreamApi\(\)/],
    // The form before downstreamApi(): refused with the line to write, not taken without callApi's code.
    [
      { downstreamApis: { orders: { baseUrl: 'https://api.example', scopes: ['a'] } } },
      /"downstreamApis.orders" must be made by downstreamApi\(\) from @identity-web\/core: write orders: downstreamApi\(\{ baseUrl: "https:\/\/api.example", scopes: \["a"\] \}\)/,
    ],
    [{ downstreamApis: { orders: null } }, /"downstreamApis.orders" must be made by downstreamApi\(\)/],
  ])('rejects %j with a message naming the option', (override, message) => {
    const attempt = () => createIdentityWeb({ ...base, ...(override as object) } as never);
    expect(attempt).toThrow(message);
    // Callers branch on the code and the named option, never on the message.
    const option = /"([^"]+)"/.exec(message.source.replace(/\\/g, ''))?.[1];
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_option', ...(option && { option }) }));
  });

  it('uses __Host- cookies and Secure on https, plain names on localhost http', () => {
    expect(resolveSettings(base).cookies).toEqual({
      session: '__Host-iw.session',
      signIn: '__Host-iw.session.signin',
      signOut: '__Host-iw.session.signout',
    });
    const local = resolveSettings({ ...base, baseUrl: 'http://localhost' });
    expect(local.cookies.session).toBe('iw.session');
    expect(local.secure).toBe(false);
    expect(local.redirectUri).toBe('http://localhost/auth/callback');
  });

  it('names the cookies after the port when baseUrl has one: browsers keep cookies per host, not per port', () => {
    const at = (baseUrl: string) => resolveSettings({ ...base, baseUrl }).cookies;
    expect(at('http://127.0.0.1:3001')).toEqual({
      session: 'iw.session.3001',
      signIn: 'iw.session.3001.signin',
      signOut: 'iw.session.3001.signout',
    });
    expect(at('http://127.0.0.1:3002').session).toBe('iw.session.3002');
    expect(at('https://app.example:8443').session).toBe('__Host-iw.session.8443');
    // The scheme's own port is no port of its own (URL drops it).
    expect(at('https://app.example:443').session).toBe('__Host-iw.session');
  });

  it('takes session.cookieName as given, with __Host- on https, and refuses names a browser would not keep apart', () => {
    const named = (cookieName: unknown, baseUrl = 'http://localhost:3001') =>
      resolveSettings({ ...base, baseUrl, session: { cookieName: cookieName as string } }).cookies;
    expect(named('shop.sid')).toEqual({ session: 'shop.sid', signIn: 'shop.sid.signin', signOut: 'shop.sid.signout' });
    expect(named('shop.sid', 'https://shop.example').session).toBe('__Host-shop.sid');
    for (const bad of ['', '__Host-x', '__Secure-x', 'a b', 'a;b', 'a=b', 'a,b', 'ü', 'x'.repeat(65), 7, null]) {
      expect(() => named(bad), String(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_option', option: 'session.cookieName' }),
      );
    }
    expect(named('x'.repeat(64)).session).toHaveLength(64);
  });

  it('builds independent child containers and never registers into the global one', async () => {
    const { container } = await import('tsyringe');
    const a = createIdentityWeb(base);
    const b = createIdentityWeb({ ...base, baseUrl: 'https://other.example' });
    expect(a.http).not.toBe(b.http);
    expect(container.isRegistered(Symbol.for('identity-web.Settings'))).toBe(false);
  });

  it("takes a sharedSignals transmitter only with the core's receiver, which it carries in", () => {
    const transmitter = new FakeSecurityEventTransmitter(new ManualClock(), 'fake-client');
    const identity = createIdentityWeb({ ...base, sharedSignals: { transmitter } });
    identity.close();
    expect(() => createIdentityWeb({ ...base, sharedSignals: {} as never })).toThrow(
      expect.objectContaining({
        option: 'sharedSignals.transmitter',
        message:
          'identity-web: "sharedSignals.transmitter" is required: sharedSignalsTransmitter({ issuer }) from @identity-web/oidc',
      }),
    );
    const { metadata, verifySignature } = transmitter;
    const without = { metadata, verifySignature } as never;
    expect(() => createIdentityWeb({ ...base, sharedSignals: { transmitter: without } })).toThrow(
      expect.objectContaining({
        code: 'invalid_option',
        option: 'sharedSignals.transmitter',
        message: expect.stringContaining('"receiver: securityEventReceiver" from @identity-web/core/provider'),
      }),
    );
  });
});

describe('downstreamApi()', () => {
  it.each([
    [{ baseUrl: 'http://api.example', scopes: ['a'] }, /"downstreamApi.baseUrl" must be an https URL/],
    [
      { baseUrl: 'https://api.example?x=1', scopes: ['a'] },
      /"downstreamApi.baseUrl" must not have a query, a fragment or credentials/,
    ],
    [{ baseUrl: 'https://u:p@api.example', scopes: ['a'] }, /"downstreamApi.baseUrl" must not have/],
    [
      { baseUrl: new URL('https://api.example'), scopes: ['a'] },
      /"downstreamApi.baseUrl" must be a string, an https URL/,
    ],
    [{ baseUrl: 'https://api.example', scopes: [] }, /"downstreamApi.scopes" must be a non-empty list of scopes/],
    [{ baseUrl: 'https://api.example', scopes: ' ' }, /"downstreamApi.scopes" must be a non-empty list/],
    [
      { baseUrl: 'https://api.example', scopes: ['a', 1] },
      /"downstreamApi.scopes" must be a non-empty list of scopes \(strings\)/,
    ],
    [
      { baseUrl: 'https://api.example', scopes: ['a'], resource: 'https://api#x' },
      /"downstreamApi.resource" must be an absolute URI without a fragment/,
    ],
    [
      { baseUrl: 'https://api.example', scopes: ['a'], resource: 7 },
      /"downstreamApi.resource" must be an absolute URI/,
    ],
    [
      { baseUrl: 'https://api.example', scopes: ['a'], scope: 'a' },
      /"scope" is not an option of downstreamApi: did you mean "scopes"\?/,
    ],
    [undefined, /"downstreamApi" must be called with \{ baseUrl, scopes \}, e.g. downstreamApi\(\{ baseUrl: /],
    ['https://api.example', /"downstreamApi" must be called with \{ baseUrl, scopes \}/],
  ])('refuses %j with a message naming the option', (options, message) => {
    const attempt = () => downstreamApi(options as never);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_option' }));
  });

  const identityProvider = new FakeIdentityProvider(new ManualClock());
  const base = { identityProvider, baseUrl: 'https://app.example', secret: 'x'.repeat(32) };
  const orders = () =>
    downstreamApi({ baseUrl: 'https://api.example/v1', scopes: ['b', 'a'], resource: 'https://api.example' });

  it('is frozen, shows what it checked and gives the settings a URL of its own each time', () => {
    const api = orders();
    expect(api).toEqual({
      calledBy: 'callApi',
      baseUrl: 'https://api.example/v1',
      scopes: ['a', 'b'],
      resource: 'https://api.example',
    });
    expect(Object.isFrozen(api) && Object.isFrozen(api.scopes)).toBe(true);
    const first = resolveSettings({ ...base, downstreamApis: { orders: api } });
    first.downstreamApis.get('orders')!.baseUrl.href = 'http://evil.example/';
    const second = resolveSettings({ ...base, downstreamApis: { orders: api } });
    expect(second.downstreamApis.get('orders')?.baseUrl.href).toBe('https://api.example/v1');
    expect(second.resources).toEqual(['https://api.example']);
  });

  it.each([
    ['a copy with another base URL', () => ({ ...orders(), baseUrl: 'https://staging.example/v1' })],
    ['a copy as it is', () => ({ ...orders() })],
    [
      'an object written to look like one',
      () => ({ calledBy: 'callApi', baseUrl: 'http://evil.example', scopes: ['a'] }),
    ],
    ['an object inheriting from one', () => Object.create(orders())],
  ])('refuses %s: every URL a token goes to was checked', (_, made) => {
    const attempt = () => createIdentityWeb({ ...base, downstreamApis: { orders: made() } } as never);
    expect(attempt).toThrow(
      /"downstreamApis.orders" was not made by this copy of @identity-web\/core's downstreamApi\(\)/,
    );
  });

  it('refuses a value carrying wiring of its own, and names the line to write for what an app wrote before', () => {
    const forged = { named: () => ({}), wire: () => ({ execute: () => Promise.resolve(new Response()) }) };
    expect(() => createIdentityWeb({ ...base, downstreamApis: { orders: forged } } as never)).toThrow(
      /"downstreamApis.orders" must be made by downstreamApi\(\) from @identity-web\/core: write orders: downstreamApi\(\{ baseUrl: 'https:/,
    );
    expect(() =>
      createIdentityWeb({
        ...base,
        downstreamApis: { 'my-api': { baseUrl: 'https://api.example', scopes: ['a'] } },
      } as never),
    ).toThrow('write "my-api": downstreamApi({ baseUrl: "https://api.example", scopes: ["a"] })');
    expect(() => createIdentityWeb({ ...base, downstreamApis: { orders: downstreamApi } } as never)).toThrow(
      'call it: orders: downstreamApi({ baseUrl, scopes })',
    );
  });
});
