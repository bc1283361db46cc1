import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type PrivatePostgres,
  postgresAvailable,
  startPrivatePostgres,
} from '@identity-web-examples/demo/private-postgres';
import { type PrivateRedis, startPrivateRedis } from '@identity-web-examples/demo/private-redis';
import { freePort } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';
import { BUILDERS } from '../src/server/builders.js';
import { URL_VARIABLES } from '../src/store-packages.js';
import { FRAMEWORKS, GROUPS, HELLO, ROUTE, VARIANTS, type Variant } from '../src/variants.js';

/**
 * Every variant's server as the harness builds it (in this process, from the packages'
 * sources), prepared as before a run, then asked what the load asks. Left out: the msal
 * baseline (10,000 partitions and an in-process MSW; its setup checks its own tokens). The Redis
 * variants run on `REDIS_URL`, or on a private redis-server of this test's; without either they
 * are skipped with one loud line, unless REQUIRE_REDIS=1 (as in CI). The PostgreSQL variants run
 * on `DATABASE_URL`, or on a private PostgreSQL of this test's; without either, the same with
 * REQUIRE_POSTGRES=1.
 */
const redisServerOnPath = spawnSync('redis-server', ['--version']).status === 0;
const withRedis = process.env.REDIS_URL !== undefined || redisServerOnPath;
if (!withRedis) {
  const how = 'apt-get install -y redis-server, or set REDIS_URL';
  if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but there is no Redis: ${how}`);
  console.warn(`\n*** SKIPPED: the bench:http Redis variants need a Redis: ${how} ***\n`);
}
const withPostgres = process.env.DATABASE_URL !== undefined || postgresAvailable('the bench:http PostgreSQL variants');
const available = { redis: withRedis, postgres: withPostgres };
const SERVED = VARIANTS.filter((v) => (!v.store || available[v.store]) && v.id !== 'koa-msal-partition');

let privateRedis: PrivateRedis | undefined;
let privatePostgres: PrivatePostgres | undefined;
const urls = { redis: process.env.REDIS_URL, postgres: process.env.DATABASE_URL };
beforeAll(async () => {
  if (urls.redis === undefined && redisServerOnPath) {
    privateRedis = await startPrivateRedis(await freePort());
    urls.redis = privateRedis.url;
  }
  if (urls.postgres === undefined && withPostgres) {
    privatePostgres = await startPrivatePostgres(await freePort());
    urls.postgres = privatePostgres.url;
  }
}, 30_000);
afterAll(async () => {
  await privateRedis?.stop();
  await privatePostgres?.stop();
});

/** The routes behind sign-in; the others are bare routes (some with a twist, see the README). */
const isProtected = (v: Variant) => v.id.includes('identity-web') || v.id === 'express-openid-connect';

async function serve(variant: Variant) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = variant.store && urls[variant.store];
  const built = await BUILDERS[variant.id](
    baseUrl,
    variant.store && url ? { [URL_VARIABLES[variant.store]]: url } : {},
  );
  server.on('request', built.listener);
  return {
    built,
    url: `${baseUrl}${ROUTE}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await built.close?.();
    },
  };
}

describe('bench:http variants', () => {
  it.each(SERVED.map((v) => [v.id, v] as const))(
    '%s answers HELLO to the load’s request, and a protected one refuses an anonymous call without reaching the IdP',
    async (_id, variant) => {
      const running = await serve(variant);
      try {
        const { headers } = await running.built.prepare();
        const before = running.built.idpTokenRequests();
        for (let i = 0; i < 5; i++) {
          const response = await fetch(running.url, { headers });
          expect(response.status).toBe(200);
          expect(await response.json()).toEqual(HELLO);
        }
        expect(running.built.idpTokenRequests()).toBe(before);
        // An API call without the session: 401 from a protected route, HELLO from an open one.
        const anonymous = await fetch(running.url, { headers: { accept: 'application/json' } });
        expect(anonymous.status).toBe(isProtected(variant) ? 401 : 200);
      } finally {
        await running.close();
      }
    },
    60_000,
  );

  it('puts each variant in its framework’s group, against that group’s bare route', () => {
    expect(GROUPS.map((group) => group[0]!.framework)).toEqual(FRAMEWORKS);
    for (const group of GROUPS) {
      const [bare] = group;
      expect(bare!.id).toBe(`${bare!.framework}-bare`);
      for (const v of group) {
        expect(v.framework).toBe(bare!.framework);
        expect(v.baseline).toBe(bare!.id);
      }
    }
  });

  it('--only express and --only fastify take their whole group', () => {
    for (const framework of ['express', 'fastify'] as const) {
      const options = parseOptions(['--only', framework], {});
      const ids = VARIANTS.filter((v) => v.framework === framework).map((v) => v.id);
      expect(options !== 'help' && [...options.only!].sort()).toEqual(ids.sort());
    }
  });
});
