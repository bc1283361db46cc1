// One app instance as its own process (forked by world.ts): a Koa app on identity-web, signing in
// at the real OpenID provider the parent runs, with its stores in memory or on a shared Redis. Its
// clock can be moved forward by the parent (IPC), so a token's expiry comes without waiting for it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityWeb, isIdentityWebError, type Logger } from '@identity-web/core';
import type { Clock } from '@identity-web/core/provider';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import { createOidcProvider } from '@identity-web/oidc';
import { createRedisStores } from '@identity-web/redis';
import Koa from 'koa';
import { CRASH_MARKER, type FromInstance, type InstanceEnv, type ToInstance } from './protocol.js';

const env = process.env as unknown as InstanceEnv;
const name = env.STORM_INSTANCE;

for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
  process.on(event, (error: unknown) => {
    console.error(`${CRASH_MARKER} ${name} ${event}: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(70);
  });
}

const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
  console.error(`[${name}] ${level} ${message} ${JSON.stringify(fields)}`);
const logger: Logger = { debug() {}, info() {}, warn: log('warn'), error: log('error') };

let offsetMs = 0;
const clock: Clock = { now: () => Date.now() + offsetMs };

const stores =
  env.STORM_REDIS_URL === undefined
    ? undefined
    : createRedisStores({
        url: env.STORM_REDIS_URL,
        prefix: env.STORM_REDIS_PREFIX,
        // One machine runs the provider, every instance and the 1,000-call load generator: a
        // refresh that takes longer than the 2 s default here is the machine, not the cache. The
        // longer deadline also bounds how long other instances wait for the holder's token.
        commandTimeoutMs: 5000,
        logger,
      });
const identity = createIdentityWeb({
  identityProvider: createOidcProvider({
    issuer: env.STORM_ISSUER,
    clientId: env.STORM_CLIENT_ID,
    clientSecret: env.STORM_CLIENT_SECRET,
    allowInsecureRequests: true, // the provider runs on http://127.0.0.1
    clock,
  }),
  baseUrl: env.STORM_BASE_URL,
  // The instances stand for one app behind a load balancer, but each listens on a port of its
  // own here, and the default cookie name carries the port: one name for all of them.
  session: { cookieName: 'storm.session' },
  secret: env.STORM_SECRET,
  scopes: ['openid', 'profile', 'offline_access', 'api:read'],
  clock,
  logger,
  ...(stores && { stores }),
});

const app = new Koa<IdentityWebState>();
// What the load generator counts: the status and the error code, never a 500 page.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    ctx.status = isIdentityWebError(error) ? error.status : 500;
    ctx.body = { error: isIdentityWebError(error) ? error.code : 'server_error', message: String(error) };
    if (ctx.status >= 500) console.error(`[${name}] ${ctx.method} ${ctx.path} failed: ${String(error)}`);
  }
});
app.use(identityWeb(identity));
let inFlight = 0;
app.use(async (ctx, next) => {
  if (ctx.path === '/health') ctx.body = { inFlight };
  else await next();
});
app.use(requireAuth());
app.use(async (ctx) => {
  if (ctx.path === '/') ctx.body = 'signed in';
  if (ctx.path !== '/call-api') return;
  inFlight++;
  try {
    const token = await ctx.state.auth.acquireToken(['api:read']);
    ctx.body = { accessToken: token.accessToken, expiresAt: token.expiresAt };
  } finally {
    inFlight--;
  }
});
app.silent = true;

process.on('message', (message: ToInstance) => {
  if (message.type !== 'advance-clock') return;
  offsetMs += message.ms;
  process.send?.({ type: 'clock-advanced', offsetMs } satisfies FromInstance);
});

const server = createServer(app.callback());
server.listen(Number(env.STORM_PORT), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: 'ready', port } satisfies FromInstance);
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  identity.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stores?.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
