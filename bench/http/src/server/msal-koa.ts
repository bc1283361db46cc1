import type { RequestListener } from 'node:http';
import {
  type AuthenticationResult,
  ConfidentialClientApplication,
  type Configuration,
  DistributedCachePlugin,
  type ICacheClient,
  type INetworkModule,
  type IPartitionManager,
} from '@azure/msal-node';
import { FAKE_ENTRA } from '@identity-web/msal/testing';
import Router from '@koa/router';
import Koa from 'koa';
import { HELLO, ROUTE, USER_HEADER } from '../variants.js';
import { listen } from './koa-apps.js';
import type { UserPartitions } from './msal-partitions.js';

export interface MsalBaseline {
  readonly listener: RequestListener;
  /** The per-request path, for the child's own checks before the load starts. */
  acquire(homeAccountId: string): Promise<AuthenticationResult>;
  /** Requests msal tried to send: a cache hit sends none. */
  networkAttempts(): number;
}

/**
 * What an msal-node web app does on each request today: a new `ConfidentialClientApplication`
 * whose `DistributedCachePlugin` reads the user's serialized partition from a cache client
 * (a Map here, Redis in production), then `acquireTokenSilent` — a cache hit.
 * The user arrives in a header: the baseline gets who the user is for free (no session cookie
 * to verify or decrypt).
 */
export function msalPartitionKoa(partitions: UserPartitions): MsalBaseline {
  let attempts = 0;
  // Nothing may reach a network: a cache hit needs none, and a miss fails the request loudly.
  const refuse = async (url: string): Promise<never> => {
    attempts++;
    throw new Error(`msal tried the network: ${url}`);
  };
  const networkClient: INetworkModule = { sendGetRequestAsync: refuse, sendPostRequestAsync: refuse };
  const cacheClient: ICacheClient = {
    get: async (key) => partitions.byHomeAccountId.get(key) ?? '',
    set: async (key, value) => {
      partitions.byHomeAccountId.set(key, value);
      return value;
    },
  };
  const auth: Configuration['auth'] = {
    clientId: FAKE_ENTRA.clientId,
    clientSecret: FAKE_ENTRA.clientSecret,
    authority: `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}`,
  };

  async function acquire(homeAccountId: string): Promise<AuthenticationResult> {
    const partitionManager: IPartitionManager = {
      getKey: async () => homeAccountId,
      extractKey: async (account) => account.homeAccountId,
    };
    const app = new ConfidentialClientApplication({
      auth,
      cache: { cachePlugin: new DistributedCachePlugin(cacheClient, partitionManager) },
      system: { networkClient },
    });
    const account = await app.getTokenCache().getAccountByHomeId(homeAccountId);
    if (account === null) throw new Error(`no account ${homeAccountId} in its partition`);
    const result = await app.acquireTokenSilent({ account, scopes: [FAKE_ENTRA.graphRead] });
    if (!result.fromCache) throw new Error('acquireTokenSilent was not a cache hit');
    return result;
  }

  const router = new Router();
  router.get(ROUTE, async (ctx) => {
    const user = ctx.get(USER_HEADER);
    const homeAccountId = user === '' ? undefined : partitions.homeAccountIds[Number(user)];
    if (homeAccountId === undefined) {
      ctx.status = 401;
      ctx.body = { error: `${USER_HEADER} names no known user` };
      return;
    }
    await acquire(homeAccountId);
    ctx.body = HELLO;
  });
  const app = new Koa();
  app.use(router.routes());
  return {
    listener: listen(app, 'koa-msal-partition'),
    acquire,
    networkAttempts: () => attempts,
  };
}
