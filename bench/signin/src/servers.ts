// The two servers of a sign-in, each startable in this process or in a process of its own
// (child.ts): the demo IdP (oidc-provider) and a Koa app on identity-web with memory stores that
// times its callbacks and the part of them spent waiting on the provider.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import { createIdentityWeb, isIdentityWebError, type Logger } from '@identity-web/core';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import { createOidcProvider } from '@identity-web/oidc';
import { startDemoIdp } from '@identity-web-examples/demo-idp';
import Koa from 'koa';
import {
  type AppConfig,
  type CallbackTiming,
  type IdpConfig,
  PROTECTED_PATH,
  SESSION_COOKIE,
  type ServerStats,
} from './protocol.js';

/** Warnings and errors only: the start-up's info lines would land in the benchmark's output. */
const quiet: Logger = {
  debug() {},
  info() {},
  warn: (fields, message) => console.error(`warn ${message} ${JSON.stringify(fields)}`),
  error: (fields, message) => console.error(`error ${message} ${JSON.stringify(fields)}`),
};

/** A server started here: its origin, what it did since last asked, and how to stop it. */
export interface LocalServer {
  readonly url: string;
  /** What it did since the last call (or its start); resets. */
  stats(): ServerStats;
  close(): Promise<void>;
}

/** Counts this process's CPU time between calls, when the server has the process to itself. */
function cpuMeter(ownProcess: boolean): () => number | undefined {
  let last = process.cpuUsage();
  return () => {
    if (!ownProcess) return undefined;
    const now = process.cpuUsage();
    const used = now.user - last.user + now.system - last.system;
    last = now;
    return used;
  };
}

export async function startIdp(config: IdpConfig, ownProcess: boolean): Promise<LocalServer> {
  const idp = await startDemoIdp({
    clients: [{ clientId: config.clientId, clientSecret: config.clientSecret, baseUrl: config.appUrl }],
    backChannel: false,
    frontChannel: false,
  });
  const cpu = cpuMeter(ownProcess);
  return {
    url: idp.issuer,
    stats: () => ({ cpuMicros: cpu(), callbacks: [], idToken: undefined }),
    close: idp.close,
  };
}

export async function startApp(config: AppConfig, ownProcess: boolean): Promise<LocalServer> {
  const baseUrl = `http://127.0.0.1:${config.port}`;
  const waiting = new AsyncLocalStorage<{ providerUs: number }>();
  let callbacks: CallbackTiming[] = [];
  let idToken: string | undefined;
  // The provider's calls, timed to the end of their bodies and charged to the callback that made them.
  const fetchTimed = async (url: string, init: RequestInit): Promise<Response> => {
    const start = performance.now();
    try {
      const response = await fetch(url, init);
      const body = await response.arrayBuffer();
      if (url.endsWith('/token') && response.ok) {
        const token = (JSON.parse(new TextDecoder().decode(body)) as { id_token?: unknown }).id_token;
        if (typeof token === 'string') idToken = token;
      }
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      const wait = waiting.getStore();
      if (wait) wait.providerUs += (performance.now() - start) * 1000;
    }
  };
  const identity = createIdentityWeb({
    identityProvider: createOidcProvider({
      issuer: config.issuer,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      allowInsecureRequests: true, // the provider runs on http://127.0.0.1
      fetch: fetchTimed,
    }),
    baseUrl,
    session: { cookieName: SESSION_COOKIE },
    secret: config.secret,
    scopes: ['openid', 'profile'],
    logger: quiet,
  });

  const app = new Koa<IdentityWebState>();
  app.use(async (ctx, next) => {
    if (ctx.path !== '/auth/callback') return next();
    const wait = { providerUs: 0 };
    const start = performance.now();
    await waiting.run(wait, next);
    callbacks.push({ totalUs: (performance.now() - start) * 1000, providerUs: wait.providerUs });
  });
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      ctx.status = isIdentityWebError(error) ? error.status : 500;
      ctx.body = { error: isIdentityWebError(error) ? error.code : 'server_error', message: String(error) };
    }
  });
  app.use(identityWeb(identity));
  app.use(requireAuth());
  app.use(async (ctx) => {
    if (ctx.path === PROTECTED_PATH) ctx.body = { user: ctx.state.auth.user };
  });
  app.silent = true;

  const server = createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => resolve());
  });
  const cpu = cpuMeter(ownProcess);
  return {
    url: baseUrl,
    stats() {
      const done = callbacks;
      callbacks = [];
      return { cpuMicros: cpu(), callbacks: done, idToken };
    },
    async close() {
      identity.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
