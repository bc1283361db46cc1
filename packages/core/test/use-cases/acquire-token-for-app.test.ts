import { describe, expect, it } from 'vitest';
import { APP_PARTITION_KEY } from '../../src/use-cases/acquire-token-for-app.js';
import { setup } from '../support/helpers.js';

const GRAPH = 'https://graph.example/.default';

describe('AcquireTokenForApp', () => {
  it('caches app tokens in the app partition and the hot index', async () => {
    const t = setup();
    const first = await t.identity.acquireTokenForApp(GRAPH);
    const second = await t.identity.acquireTokenForApp([GRAPH]);
    expect(second).toBe(first);
    expect(t.idp.calls.app).toBe(1);
    expect(await t.tokenCache.getPartition(APP_PARTITION_KEY)).not.toBeNull();
    expect((await t.identity.stats()).cachedAccounts).toBe(0);
  });

  it('makes one IdP call for concurrent requests and refreshes when forced', async () => {
    const t = setup();
    t.idp.refreshDelayMs = 5;
    const tokens = await Promise.all(Array.from({ length: 50 }, () => t.identity.acquireTokenForApp(GRAPH)));
    expect(new Set(tokens.map((x) => x.accessToken)).size).toBe(1);
    expect(t.idp.calls.app).toBe(1);
    const forced = await t.identity.acquireTokenForApp(GRAPH, { forceRefresh: true });
    expect(forced.accessToken).not.toBe(tokens[0]!.accessToken);
  });

  it('survives a user sign-out untouched (it is not an account)', async () => {
    const t = setup();
    const alice = await t.signIn('alice');
    const app = await t.identity.acquireTokenForApp(GRAPH);
    await t.identity.removeAccount(alice.accountKey);
    expect(await t.identity.acquireTokenForApp(GRAPH)).toBe(app);
  });

  it('says so when the identity provider cannot acquire app tokens', async () => {
    const t = setup();
    Object.assign(t.idp, { acquireTokenForApp: undefined });
    await expect(t.identity.acquireTokenForApp(GRAPH)).rejects.toThrow(/cannot acquire app tokens/);
  });
});
