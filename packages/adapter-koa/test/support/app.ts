import { createServer, maxHeaderSize, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { IdentityWeb, IdentityWebOptions } from '@identity-web/core';
import {
  createScenarioWorld,
  SCENARIO_API_SCOPE,
  SCENARIO_GUARDS,
  type ScenarioApp,
  type ScenarioAppFactory,
  type ScenarioWorld,
} from '@identity-web/core/testing';
import Router from '@koa/router';
import Koa, { type Middleware, type ParameterizedContext } from 'koa';
import { type IdentityWebState, identityWeb, requireAuth } from '../../src/index.js';

export interface ServedApp extends ScenarioApp {
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Starts a Koa app on 127.0.0.1, port 0. `fetch` speaks real HTTP, never follows redirects and
 * returns a `Response`, but goes through `node:http` rather than the global `fetch`: undici
 * always sends `Sec-Fetch-Mode: cors` (overriding ours), which the core rightly reads as "not a
 * navigation", so no request could ever act like the browser navigation a scenario models.
 */
export async function serve(app: Koa, headers: Record<string, string> = {}): Promise<ServedApp> {
  const server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    fetch: (path, init = {}) => {
      const all = new Headers(init.headers);
      for (const [name, value] of Object.entries(headers)) all.set(name, value);
      return send(new URL(path, origin), init.method ?? 'GET', all, init.body);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** One HTTP/1.1 exchange; `body` is sent in `chunks` pieces (chunked encoding) when more than one. */
export function send(url: URL, method: string, headers: Headers, body?: unknown, chunks = 1): Promise<Response> {
  if (body != null && typeof body !== 'string' && !(body instanceof URLSearchParams)) {
    throw new TypeError('test fetch: only string and URLSearchParams bodies are supported');
  }
  const text = body == null ? '' : String(body);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: Object.fromEntries(headers) }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const received = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) received.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode!;
        const empty = method === 'HEAD' || status === 204 || status === 304;
        resolve(new Response(empty ? null : new Uint8Array(Buffer.concat(parts)), { status, headers: received }));
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Node's HTTP server refuses some requests before any app code runs (a head over its size
      // limit, a Content-Length that is not the number of bytes sent), and closes a connection
      // rather than draining a large body the app left unread. Node 20 and 22 get the answer out
      // first; on Node 24 the client may see a reset while it is still sending. A reset of such
      // a request is the same refusal (the suite still checks that nothing changed); a reset of
      // any other request stays an error.
      const refusal = parserRefusal(url, method, headers, text);
      if (error.code === 'ECONNRESET' && refusal !== null) {
        resolve(new Response(null, { status: refusal, headers: { 'x-test-transport': 'connection reset' } }));
      } else reject(error);
    });
    if (chunks <= 1) return void req.end(text);
    const size = Math.ceil(text.length / chunks);
    for (let i = 0; i < text.length; i += size) req.write(text.slice(i, i + size));
    req.end();
  });
}

/** A body this large is more than Node's server drains on its own after the response. */
const UNDRAINED_BODY_BYTES = 32 * 1024;

/**
 * The status a reset of this request stands for: 431 (head too large), 400 (Content-Length not
 * the bytes sent), 413 (a large body the app may leave unread); `null` when a reset is a fault.
 */
function parserRefusal(url: URL, method: string, headers: Headers, body: string): 400 | 413 | 431 | null {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`.length;
  for (const [name, value] of headers) head += Buffer.byteLength(`${name}: ${value}\r\n`);
  if (head > maxHeaderSize) return 431;
  const declared = headers.get('content-length');
  if (declared !== null && declared !== String(Buffer.byteLength(body))) return 400;
  if (Buffer.byteLength(body) >= UNDRAINED_BODY_BYTES) return 413;
  return null;
}

export interface KoaAppOptions {
  /** The Koa class: Koa 3 by default, `koa2` for Koa 2. */
  koa?: typeof Koa;
  /** Mount the scenario routes with @koa/router (default) or by hand on plain Koa. */
  router?: boolean;
  /** Middleware mounted before `identityWeb` (error handlers, body parsers). */
  before?: Middleware[];
  /** Extra routes on the router, mounted after `identityWeb`. */
  routes?: (router: Router<IdentityWebState>) => void;
  proxy?: boolean;
  /** Headers added to every request (what a proxy in front would send). */
  headers?: Record<string, string>;
}

type Ctx = ParameterizedContext<IdentityWebState>;

const publicRoute = (ctx: Ctx) => {
  const { auth } = ctx.state;
  ctx.body = { authenticated: auth.isAuthenticated, user: auth.user, csrfToken: auth.csrfToken };
};
const meRoute = (ctx: Ctx) => {
  ctx.body = { user: ctx.state.auth.user };
};
const callApiRoute = async (ctx: Ctx) => {
  const scope = new URLSearchParams(ctx.querystring).get('scope') ?? SCENARIO_API_SCOPE;
  const token = await ctx.state.auth.acquireToken(scope);
  ctx.body = { accessToken: token.accessToken };
};
const sessionsRoute = async (ctx: Ctx) => {
  ctx.body = { sessions: await ctx.state.auth.sessions() };
};
const downstreamRoute = async (ctx: Ctx) => {
  const answer = await ctx.state.auth.callApi('downstream', new URLSearchParams(ctx.querystring).get('path') ?? '/');
  ctx.status = answer.status;
  ctx.set('content-type', answer.headers.get('content-type') ?? 'application/octet-stream');
  ctx.body = answer.body === null ? '' : Readable.fromWeb(answer.body as NodeReadableStream);
};

/** Builds the scenario app of `describeAdapterScenarios` (see ScenarioApp) on Koa. */
export function koaApp(identity: IdentityWeb, options: KoaAppOptions = {}): Koa {
  const KoaClass = options.koa ?? Koa;
  const app = new KoaClass();
  app.silent = true;
  app.proxy = options.proxy ?? false;
  for (const middleware of options.before ?? []) app.use(middleware);
  app.use(identityWeb(identity));
  if (options.router === false) {
    const guard = requireAuth();
    const [admin, staff, granted] = [SCENARIO_GUARDS.admin, SCENARIO_GUARDS.staff, SCENARIO_GUARDS.granted].map((o) =>
      requireAuth(o),
    ) as [Middleware<IdentityWebState>, Middleware<IdentityWebState>, Middleware<IdentityWebState>];
    const routes: Record<string, (ctx: Ctx) => unknown> = {
      '/public': publicRoute,
      '/me': (ctx) => guard(ctx, async () => meRoute(ctx)),
      '/admin': (ctx) => admin(ctx, async () => meRoute(ctx)),
      '/staff': (ctx) => staff(ctx, async () => meRoute(ctx)),
      '/granted': (ctx) => granted(ctx, async () => meRoute(ctx)),
      '/call-api': (ctx) => guard(ctx, () => callApiRoute(ctx)),
      '/downstream': (ctx) => guard(ctx, () => downstreamRoute(ctx)),
      '/sessions': (ctx) => guard(ctx, () => sessionsRoute(ctx)),
    };
    app.use(async (ctx: Ctx, next) => {
      const route = ctx.method === 'GET' || ctx.method === 'HEAD' ? routes[ctx.path] : undefined;
      await (route ? route(ctx) : next());
    });
    return app;
  }
  const router = new Router<IdentityWebState>();
  router.get('/public', publicRoute);
  router.get('/me', requireAuth(), meRoute);
  router.get('/admin', requireAuth(SCENARIO_GUARDS.admin), meRoute);
  router.get('/staff', requireAuth(SCENARIO_GUARDS.staff), meRoute);
  router.get('/granted', requireAuth(SCENARIO_GUARDS.granted), meRoute);
  router.get('/call-api', requireAuth(), callApiRoute);
  router.get('/downstream', requireAuth(), downstreamRoute);
  router.get('/sessions', requireAuth(), sessionsRoute);
  options.routes?.(router);
  app.use(router.routes()).use(router.allowedMethods());
  return app;
}

export function koaScenarioApp(options: KoaAppOptions = {}): ScenarioAppFactory {
  return async (identity) => serve(koaApp(identity, options), options.headers);
}

const open: ScenarioWorld[] = [];

/** A scenario world (fake IdP, stores, identity) around a Koa app; `closeWorlds` ends it. */
export async function koaWorld(
  options: KoaAppOptions = {},
  identity: Partial<IdentityWebOptions> = {},
): Promise<ScenarioWorld> {
  const world = await createScenarioWorld(koaScenarioApp(options), identity);
  open.push(world);
  return world;
}

export async function closeWorlds(): Promise<void> {
  for (const world of open.splice(0)) await world.close();
}
