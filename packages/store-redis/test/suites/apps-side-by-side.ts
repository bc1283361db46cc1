import { createScenarioWorld, type ScenarioWorld, webScenarioApp } from '@identity-web/core/testing';
import { afterEach, expect, it } from 'vitest';
import { createRedisStores, type RedisStores } from '../../src/index.js';
import type { Connect } from '../support/store-fixtures.js';

interface Fixture {
  readonly a: ScenarioWorld;
  readonly b: ScenarioWorld;
}

/**
 * Two apps (client ids `app-a` and `app-b`) behind one provider, each with its own stores on
 * one Redis, default options but `extra`. Both see the same issuer and `sub` for the user, so
 * without a namespace they would compute the same account key.
 */
export function describeAppsSideBySide(connect: Connect): void {
  const open: { worlds: ScenarioWorld[]; stores: RedisStores[] } = { worlds: [], stores: [] };
  afterEach(async () => {
    for (const world of open.worlds.splice(0)) await world.close();
    for (const stores of open.stores.splice(0)) await stores.close();
  });

  async function twoApps(extra: { namespace?: string } = {}): Promise<Fixture> {
    const world = async (clientId: string) => {
      const stores = createRedisStores({ ...connect(), ...extra });
      open.stores.push(stores);
      const made = await createScenarioWorld(webScenarioApp, { stores }, { clientId });
      open.worlds.push(made);
      return made;
    };
    return { a: await world('app-a'), b: await world('app-b') };
  }

  const token = async (browser: ReturnType<ScenarioWorld['browser']>) => {
    const answer = await browser.fetch('/call-api', { accept: 'json' });
    return {
      status: answer.status,
      body: answer.status === 200 ? ((await answer.json()) as { accessToken: string }) : null,
    };
  };

  it("B's sign-in leaves A's tokens usable, and B's sign-out leaves A's session (default namespace per app)", async () => {
    const { a, b } = await twoApps();
    // One user, one IdP session (single sign-on), signed in to both apps.
    const atA = await a.signIn('alice', { sid: 'sso' });
    const first = await token(atA.browser);
    expect(first.status).toBe(200);
    const atB = await b.signIn('alice', { sid: 'sso' });
    expect(atB.accountKey).toBe(atA.accountKey); // the same (iss, sub): only the namespace keeps them apart
    expect((await token(atB.browser)).status).toBe(200);

    // A still opens its partition and serves its cached token: no new sign-in, no refresh.
    const refreshes = a.idp.calls.refresh;
    expect(await token(atA.browser)).toEqual(first);
    expect(a.idp.calls.refresh).toBe(refreshes);

    // B's local sign-out removes B's account, not A's.
    const out = await atB.browser.post('/auth/sign-out', { csrf: atB.csrfToken });
    expect(out.status).toBe(303);
    expect((await atB.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    expect((await atA.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
    expect(await token(atA.browser)).toEqual(first);
    expect(await a.identity.hasAccount(atA.accountKey)).toBe(true);
    expect(await b.identity.hasAccount(atA.accountKey)).toBe(false);
  });

  it('without a namespace the two apps share keys: B overwrites A and ends its session (why the default exists)', async () => {
    const { a, b } = await twoApps({ namespace: '' });
    const atA = await a.signIn('alice', { sid: 'sso' });
    expect((await token(atA.browser)).status).toBe(200);
    const atB = await b.signIn('alice', { sid: 'sso' });
    await atB.browser.post('/auth/sign-out', { csrf: atB.csrfToken });
    // B's removal of the shared account key ended A's session as well.
    expect((await atA.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
  });

  it('one set of stores serves one app: a second app is refused at creation, the same app is not', async () => {
    const stores = createRedisStores(connect());
    open.stores.push(stores);
    stores.forApp({ issuer: 'https://idp.test', clientId: 'app-a' });
    stores.forApp({ issuer: 'https://idp.test', clientId: 'app-a' });
    expect(() => stores.forApp({ issuer: 'https://idp.test', clientId: 'app-b' })).toThrow(
      expect.objectContaining({ code: 'invalid_option', option: 'namespace' }),
    );
    const shared = createRedisStores({ ...connect(), namespace: 'shared' });
    open.stores.push(shared);
    shared.forApp({ issuer: 'https://idp.test', clientId: 'app-a' });
    expect(() => shared.forApp({ issuer: 'https://idp.test', clientId: 'app-b' })).not.toThrow();
  });

  it('refuses to move keys already written: stores used before createIdentityWeb told them their app', async () => {
    const stores = createRedisStores(connect());
    open.stores.push(stores);
    await stores.sessionStore.setSession('early', 'sealed', 60);
    expect(() => stores.forApp({ issuer: 'https://idp.test', clientId: 'app-a' })).toThrow(
      /were used before createIdentityWeb told them their app/,
    );
  });
}
