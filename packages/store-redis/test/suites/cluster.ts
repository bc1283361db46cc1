import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createRedisStores } from '../../src/index.js';
import { Keys } from '../../src/keys.js';
import { eventually, expectUnavailable } from '../support/in-time.js';
import { redisCli } from '../support/redis-cli.js';
import { keySlot, ownerOf, type RedisClusterHandle } from '../support/redis-cluster.js';

const entry = (sessionId: string, sid: string) => ({
  issuer: 'https://idp.test',
  subject: 'alice',
  sid,
  accountKey: 'acct',
  sessionId,
});

/** What only a cluster shows: slots, sharded pub/sub, operations spanning nodes. */
export function describeClusterBehaviour(cluster: () => RedisClusterHandle): void {
  const open = (prefix: string) =>
    createRedisStores({ cluster: { rootNodes: cluster().rootNodes }, prefix, commandTimeoutMs: 500 });

  it("keeps an account's partition and registry hash in one slot, whatever its key", async () => {
    const keys = new Keys('iw:');
    for (const account of ['plain', 'with}brace', '{tagged}', 'oid.tid']) {
      const node = cluster().nodes[0]!;
      expect(await keySlot(node, keys.partition(account))).toBe(await keySlot(node, keys.account(account)));
    }
  });

  it('publishes invalidations on sharded pub/sub, subscribed on the node that owns the channel', async () => {
    const prefix = `iw-test:${randomUUID()}:`;
    const stores = open(prefix);
    try {
      const seen: unknown[] = [];
      stores.invalidationBus.subscribe((message) => seen.push(message));
      await stores.invalidationBus.publish({ type: 'account-removed', accountKey: 'k' });
      const channel = new Keys(prefix).channel;
      const owner = await ownerOf(cluster(), channel);
      expect((await redisCli(owner.port, ['PUBSUB', 'SHARDNUMSUB', channel])).trim().split('\n')).toEqual([
        channel,
        '1',
      ]);
      for (let i = 0; i < 50 && seen.length === 0; i++) await sleep(20);
      expect(seen).toEqual([{ type: 'account-removed', accountKey: 'k' }]);
    } finally {
      await stores.close();
    }
  });

  it('forgets an account across slots, and a forget that failed halfway is simply called again', async () => {
    const prefix = `iw-test:${randomUUID()}:`;
    const stores = open(prefix);
    const keys = new Keys(prefix);
    try {
      // Two IdP sessions whose (iss, sid) indexes live on a node other than the account's.
      const accountNode = await ownerOf(cluster(), keys.account('acct'));
      let sid = 0;
      const elsewhere = async () => {
        while ((await ownerOf(cluster(), keys.bySid('https://idp.test', `sid-${sid}`))) === accountNode) sid++;
        return `sid-${sid++}`;
      };
      const [sidA, sidB] = [await elsewhere(), await elsewhere()];
      await stores.accountRegistry.recordSignIn(entry('s1', sidA), 60);
      await stores.accountRegistry.recordSignIn(entry('s2', sidB), 60);
      const frozen = await ownerOf(cluster(), keys.bySid('https://idp.test', sidA));
      frozen.signal('SIGSTOP');
      try {
        await expectUnavailable(() => stores.accountRegistry.forgetAccount('acct'));
      } finally {
        frozen.signal('SIGCONT');
      }
      await cluster().waitUntilOk();
      const retried = await eventually(() => stores.accountRegistry.forgetAccount('acct'));
      expect(retried.map((e) => e.sessionId).sort()).toEqual(['s1', 's2']);
      expect(await stores.accountRegistry.findBySid('https://idp.test', sidA)).toEqual([]);
      expect(await stores.accountRegistry.findBySid('https://idp.test', sidB)).toEqual([]);
      expect(await stores.accountRegistry.forgetAccount('acct')).toEqual([]);
    } finally {
      await stores.close();
    }
  });
}
