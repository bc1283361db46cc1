// One app instance as its own process (forked by instances.ts): a small Koa app on identity-web
// with every store on the store under test, talking to the shared fake provider over HTTP.
// Settings come from the environment; the listening port goes back over the IPC channel. Each
// store's instance-app.ts is the process's entry: it calls runInstance with its stores.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityWeb, type IdentityWebOptions, isIdentityWebError, type Logger } from '@identity-web/core';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import { createOidcProvider, sharedSignalsTransmitter } from '@identity-web/oidc';
import Koa from 'koa';
import { CRASH_MARKER, type InstanceEnv, type InstanceMessage } from './protocol.js';

/** A store package's stores, made from the environment (its `IW_STORE_*` settings). */
export type StoresOf = (
  env: Readonly<Record<string, string>>,
  logger: Logger,
) => NonNullable<IdentityWebOptions['stores']> & { close(): Promise<void> };

/** Runs this process as one app instance on the stores `storesOf` makes. */
export function runInstance(storesOf: StoresOf): void {
  const env = process.env as unknown as InstanceEnv;
  const name = env.IW_INSTANCE;

  // Anything that escapes is a failure the parent must see: say so, and die with a distinct code.
  for (const event of ['unhandledRejection', 'uncaughtException'] as const) {
    process.on(event, (error: unknown) => {
      console.error(`${CRASH_MARKER} ${name} ${event}: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(70);
    });
  }

  const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
    console.error(`[${name}] ${level} ${message} ${JSON.stringify(fields)}`);
  const logger: Logger = { debug() {}, info() {}, warn: log('warn'), error: log('error') };

  const stores = storesOf(process.env as Readonly<Record<string, string>>, logger);
  const identity = createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: env.IW_ISSUER,
      clientId: env.IW_CLIENT_ID,
      clientSecret: env.IW_CLIENT_SECRET,
      // The provider's URLs keep its https origin; the requests go to the parent's server.
      fetch: (url, init) => fetch(url.replace(env.IW_ISSUER, env.IW_IDP_URL), init),
    }),
    // Every instance is the same app behind one public origin, as behind a load balancer.
    baseUrl: env.IW_BASE_URL,
    secret: env.IW_SECRET,
    scopes: ['openid', 'profile', 'offline_access', 'api:read'],
    stores,
    logger,
    ...(env.IW_SSF_ISSUER !== '' && {
      sharedSignals: {
        transmitter: sharedSignalsTransmitter({
          issuer: env.IW_SSF_ISSUER,
          pollEndpoint: `${env.IW_SSF_ISSUER}/poll`,
          allowInsecureRequests: true,
          // Says which instance polls, so the parent can stop the one holding the poll.
          fetch: (url, init) => {
            const headers = new Headers(init.headers);
            headers.set('x-instance', name);
            return fetch(url, { ...init, headers });
          },
        }),
        delivery: env.IW_SSF_DELIVERY === 'poll' ? 'poll' : 'push',
        poll: { intervalSeconds: 1 },
      },
    }),
  });
  // Security events this instance acted on, and received again: the parent counts them across instances.
  const securityEvents = { processed: 0 };
  identity.on('securityEvent', () => {
    securityEvents.processed++;
  });

  const app = new Koa<IdentityWebState>();
  // A store that cannot answer is a 503 (its status); nothing else is expected, so it is logged.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = isIdentityWebError(error) ? error.status : 500;
      ctx.body = { error: isIdentityWebError(error) ? error.code : 'server_error' };
      if (ctx.status !== 503) console.error(`[${name}] ${ctx.method} ${ctx.path} failed: ${String(error)}`);
    }
  });
  app.use(identityWeb(identity));
  // Signed-in requests inside /call-api right now: the parent waits for a storm to have arrived.
  let inFlight = 0;
  app.use(async (ctx, next) => {
    if (ctx.path === '/health') ctx.body = { inFlight, ...securityEvents };
    else await next();
  });
  app.use(requireAuth());
  app.use(async (ctx) => {
    if (ctx.path !== '/call-api') return;
    inFlight++;
    try {
      // What a downstream call would carry: the test compares it across instances and callers.
      const token = await ctx.state.auth.acquireToken(['api:read']);
      ctx.body = { accessToken: token.accessToken, expiresAt: token.expiresAt };
    } finally {
      inFlight--;
    }
  });
  app.silent = true;

  const server = createServer(app.callback());
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send?.({ type: 'ready', port } satisfies InstanceMessage);
  });

  let stopping = false;
  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    identity.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stores.close();
    process.exit(0);
  }
  process.on('SIGTERM', () => void stop());
  // The parent went away (a killed test run): do not outlive it.
  process.on('disconnect', () => void stop());
}
