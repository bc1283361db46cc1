import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import type { IdentityWeb } from '@identity-web/core';
import { loadStores, URL_VARIABLES } from '../store-packages.js';
import { type SharedStore, USER_HEADER, type VariantId } from '../variants.js';
import { SetupError } from './errors.js';
import { bareExpress, identityWebExpress, shapedExpress } from './express-apps.js';
import { bareFastify, identityWebFastify } from './fastify-apps.js';
import { asyncHono, bareHono, identityWebHono, passThroughHono, shapedHono } from './hono-apps.js';
import { type BenchIdentity, createBenchIdentity, SESSION_COOKIE, type Stores, signInThroughApp } from './identity.js';
import { bareKoa, identityWebKoa, shapedKoa } from './koa-apps.js';
import { msalPartitionKoa } from './msal-koa.js';
import { buildUserPartitions } from './msal-partitions.js';

/** The msal baseline's users, each with a partition of its own. */
const MSAL_USERS = 10_000;

/** A variant's server before it listens: its request handler and how it gets ready for load. */
export interface BuiltVariant {
  readonly listener: RequestListener;
  /** Runs once the server listens: signs in, warms caches; returns what the load must send. */
  prepare(): Promise<{ headers: Record<string, string>; users?: number; note: string }>;
  /** Token requests that reached the IdP or the network so far. */
  idpTokenRequests(): number;
  /**
   * Closes what the variant opened besides the listener (a store's connections, a provider's
   * server). The harness's server processes just exit; a test that builds variants in its own
   * process calls it.
   */
  close?(): Promise<void>;
}

type Builder = (baseUrl: string, env: NodeJS.ProcessEnv) => Promise<BuiltVariant>;

/**
 * The request a signed-in user's browser sends to any route of the app: a session cookie of the
 * name and length identity-web issues (`<id>.<signature>`, 32 bytes each in base64url). The bare
 * routes get it too and ignore it, so that every variant parses the same request and the
 * comparison charges identity-web only with what it does with the cookie. Without it the bare
 * route would also save Node the parsing of one header: about 3 % of a bare Koa route, measured
 * paired on one core (96–98 % in five rounds).
 */
export function browserCookie(): Record<string, string> {
  return {
    cookie: `${SESSION_COOKIE}=${randomBytes(32).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
  };
}

const bare = (listener: RequestListener): BuiltVariant => ({
  listener,
  prepare: async () => ({ headers: browserCookie(), note: 'no auth; a session cookie like a signed-in browser sends' }),
  idpTokenRequests: () => 0,
});

function protectedVariant(
  bench: BenchIdentity,
  listener: RequestListener,
  baseUrl: string,
  stores: string,
): BuiltVariant {
  return {
    listener,
    prepare: async () => ({
      headers: await signInThroughApp(baseUrl, bench.idp),
      note: `signed in through /auth/sign-in → fake IdP → /auth/callback; token warmed; ${stores} stores`,
    }),
    idpTokenRequests: () => bench.idp.calls.refresh,
    close: async () => {
      bench.identity.close();
      await bench.close?.();
    },
  };
}

const STORE_NAMES: Readonly<Record<SharedStore, string>> = { redis: 'Redis', postgres: 'PostgreSQL' };

async function sharedStores(store: SharedStore, env: NodeJS.ProcessEnv): Promise<Stores> {
  const variable = URL_VARIABLES[store];
  const url = env[variable];
  if (!url) throw new SetupError(`${variable} is not set (the parent sets it once it found a ${STORE_NAMES[store]})`);
  const create = await loadStores(store);
  if (!create) throw new SetupError(`the ${STORE_NAMES[store]} stores' package is not installed`);
  return create({ url });
}

/** A protected variant whose identity-web keeps everything in `store` (Redis, PostgreSQL). */
function onStore(
  id: VariantId,
  store: SharedStore,
  app: (identity: IdentityWeb, variant: string) => RequestListener | Promise<RequestListener>,
): Builder {
  return async (baseUrl, env) => {
    const bench = createBenchIdentity(baseUrl, await sharedStores(store, env));
    return protectedVariant(bench, await app(bench.identity, id), baseUrl, STORE_NAMES[store]);
  };
}

export const BUILDERS: Record<VariantId, Builder> = {
  'koa-bare': async () => bare(bareKoa()),
  'koa-shape': async () => bare(shapedKoa('koa-shape')),
  'hono-bare': async () => bare(bareHono()),
  'hono-async': async () => bare(asyncHono()),
  'hono-middleware': async () => bare(passThroughHono()),
  'hono-shape': async () => bare(shapedHono('hono-shape')),
  'koa-identity-web': async (baseUrl) => {
    const bench = createBenchIdentity(baseUrl);
    return protectedVariant(bench, identityWebKoa(bench.identity, 'koa-identity-web'), baseUrl, 'memory');
  },
  'hono-identity-web': async (baseUrl) => {
    const bench = createBenchIdentity(baseUrl);
    return protectedVariant(bench, identityWebHono(bench.identity, 'hono-identity-web'), baseUrl, 'memory');
  },
  'koa-identity-web-redis': onStore('koa-identity-web-redis', 'redis', identityWebKoa),
  'koa-identity-web-postgres': onStore('koa-identity-web-postgres', 'postgres', identityWebKoa),
  'hono-identity-web-redis': onStore('hono-identity-web-redis', 'redis', identityWebHono),
  'hono-identity-web-postgres': onStore('hono-identity-web-postgres', 'postgres', identityWebHono),
  'express-bare': async () => bare(bareExpress()),
  'express-shape': async () => bare(shapedExpress('express-shape')),
  'express-identity-web': async (baseUrl) => {
    const bench = createBenchIdentity(baseUrl);
    return protectedVariant(bench, identityWebExpress(bench.identity, 'express-identity-web'), baseUrl, 'memory');
  },
  'express-identity-web-redis': onStore('express-identity-web-redis', 'redis', identityWebExpress),
  'express-identity-web-postgres': onStore('express-identity-web-postgres', 'postgres', identityWebExpress),
  // Loaded here only: the other variants' processes load neither the demo IdP nor the package.
  'express-openid-connect': async (baseUrl) => (await import('./openid-connect.js')).openidConnectVariant(baseUrl),
  'fastify-bare': async () => bare(await bareFastify()),
  'fastify-identity-web': async (baseUrl) => {
    const bench = createBenchIdentity(baseUrl);
    return protectedVariant(bench, await identityWebFastify(bench.identity, 'fastify-identity-web'), baseUrl, 'memory');
  },
  'fastify-identity-web-redis': onStore('fastify-identity-web-redis', 'redis', identityWebFastify),
  'fastify-identity-web-postgres': onStore('fastify-identity-web-postgres', 'postgres', identityWebFastify),
  'koa-msal-partition': async () => {
    const started = performance.now();
    const partitions = await buildUserPartitions(MSAL_USERS);
    const baseline = msalPartitionKoa(partitions);
    return {
      listener: baseline.listener,
      async prepare() {
        // The first and the last user's partitions must each yield that user's own token.
        for (const homeAccountId of [partitions.homeAccountIds[0]!, partitions.homeAccountIds.at(-1)!]) {
          const { accessToken } = await baseline.acquire(homeAccountId);
          if (!accessToken.includes(homeAccountId)) throw new SetupError(`${homeAccountId} got ${accessToken}`);
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        return {
          headers: {},
          users: MSAL_USERS,
          note: `${MSAL_USERS} users' partitions in a Map (${seconds} s to build); ${USER_HEADER} cycles through them`,
        };
      },
      idpTokenRequests: baseline.networkAttempts,
    };
  },
};
