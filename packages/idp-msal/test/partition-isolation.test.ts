import { ConfidentialClientApplication } from '@azure/msal-node';
import { FAKE_ENTRA, FakeEntra, makeUser } from '@identity-web/msal/testing';
import { describe, expect, it } from 'vitest';
import { type Account, accountsIn, entities, provider, signIn, silent, useMsw } from './support/harness.js';

const server = useMsw();

interface Signed {
  readonly account: Account;
  readonly partition: string;
}

/** N users signed in, whose calls below force a refresh. */
async function signedInUsers(count: number) {
  const entra = new FakeEntra();
  entra.expiresIn = 200;
  server.use(...entra.handlers());
  const idp = provider();
  const users = Array.from({ length: count }, (_, i) => makeUser(100 + i));
  const signed: Signed[] = [];
  for (const user of users) signed.push(await signIn(idp, entra, user));
  return { entra, idp, users, signed };
}

describe('partition isolation under interleaved calls', () => {
  it('gives each of two overlapping calls only its own token, and each partition only its own account', async () => {
    const { entra, idp, users, signed } = await signedInUsers(2);
    const [a, b] = signed as [Signed, Signed];
    // A's refresh is answered last although it was sent first: B starts and ends inside it.
    entra.delays.set(users[0]!.homeAccountId, 120);
    entra.delays.set(users[1]!.homeAccountId, 5);

    const [ra, rb] = await Promise.all([
      idp.acquireTokenSilent(a.partition, a.account, silent({ forceRefresh: true })),
      idp.acquireTokenSilent(b.partition, b.account, silent({ forceRefresh: true })),
    ]);

    expect(entra.accessTokenOwner(ra.accessToken)).toBe(a.account.key);
    expect(entra.accessTokenOwner(rb.accessToken)).toBe(b.account.key);
    expect(accountsIn(ra.partition ?? '')).toEqual(new Set([a.account.key]));
    expect(accountsIn(rb.partition ?? '')).toEqual(new Set([b.account.key]));
    expect(ra.partition).not.toContain(b.account.key);
    expect(rb.partition).not.toContain(a.account.key);
  });

  it('keeps 20 users apart when their refreshes finish in a shuffled order', async () => {
    const { entra, idp, users, signed } = await signedInUsers(20);
    users.forEach((u, i) => {
      entra.delays.set(u.homeAccountId, ((i * 37) % 20) * 4);
    });
    const results = await Promise.all(
      signed.map((s) => idp.acquireTokenSilent(s.partition, s.account, silent({ forceRefresh: true }))),
    );
    results.forEach((result, i) => {
      const key = signed[i]?.account.key;
      expect(entra.accessTokenOwner(result.accessToken)).toBe(key);
      expect(accountsIn(result.partition ?? '')).toEqual(new Set([key]));
      expect(entities(result.partition ?? '{}').RefreshToken).toHaveLength(1);
    });
  });

  // Control: the same interleaving against one shared msal client (deserialize → acquire →
  // serialize per call) mixes users, so the assertions above can fail for the wrong design.
  it('control: one shared msal client mixes partitions under the same interleaving', async () => {
    const { entra, users, signed } = await signedInUsers(2);
    const [a, b] = signed as [Signed, Signed];
    entra.delays.set(users[0]!.homeAccountId, 120);
    entra.delays.set(users[1]!.homeAccountId, 5);
    const shared = new ConfidentialClientApplication({
      auth: {
        clientId: FAKE_ENTRA.clientId,
        clientSecret: FAKE_ENTRA.clientSecret,
        authority: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}`,
      },
    });
    const naive = async (s: Signed) => {
      const cache = shared.getTokenCache();
      cache.deserialize(s.partition);
      const account = await cache.getAccountByHomeId(s.account.key);
      await shared.acquireTokenSilent({ account: account!, scopes: [FAKE_ENTRA.graphRead] });
      return cache.serialize();
    };
    const [pa] = await Promise.all([naive(a), naive(b)]);
    expect(accountsIn(pa)).toContain(b.account.key);
  });
});
