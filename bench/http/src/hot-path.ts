// What identity-web adds to a request in nanoseconds, in one process and without sockets: the
// Koa, Hono and Express apps of `pnpm bench:http` (bare, same-shape, identity-web) answer the route in
// rotating blocks; the medians of per-round differences make a Markdown table. The command is
// src/hot-path-main.ts; see README.md ("The hot path, in process").
import { createServer, IncomingMessage, type RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type Koa from 'koa';
import { OptionError } from './options.js';
import { median } from './report.js';
import { browserCookie } from './server/builders.js';
import { bareExpress, identityWebExpress, shapedExpress } from './server/express-apps.js';
import { bareHonoApp, identityWebHonoApp, shapedHonoApp } from './server/hono-apps.js';
import { createBenchIdentity, signInThroughApp } from './server/identity.js';
import { bareKoaApp, identityWebKoaApp, shapedKoaApp } from './server/koa-apps.js';
import { HELLO, ROUTE } from './variants.js';

/**
 * One request through an app's own entry point; resolves to what the route answered, its body
 * only when `read` (reading a Fetch `Response` costs more than the route itself).
 */
type Answer = (read: boolean) => Promise<{ status: number; body?: unknown }>;

interface Route {
  readonly name: string;
  readonly answer: Answer;
}

/**
 * The table: per framework, each route's median ns per request and identity-web's median
 * difference to (and share of) the same-shape route. Throws when a route answers anything but
 * the route's 200 or a token request reaches the IdP.
 */
export async function hotPathTable({ rounds, requests }: { rounds: number; requests: number }): Promise<string> {
  const lines = [
    '| Framework | bare route (ns/request) | same-shape route | identity-web | added to the shape (ns; median of rounds, range) | % of the same-shape route (median of rounds) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const framework of [koaRoutes, honoRoutes, expressRoutes]) {
    const { name, routes, idpCalls, close } = await framework();
    try {
      const before = idpCalls();
      const times = await measure(routes, rounds, requests);
      if (idpCalls() !== before)
        throw new OptionError(`${name}: a token request reached the IdP; each must be a cache hit`);
      const [bare, shape, identity] = times;
      const added = identity!.map((t, i) => t - shape![i]!);
      const shares = identity!.map((t, i) => (shape![i]! / t) * 100);
      lines.push(
        `| ${name} | ${ns(median(bare!))} | ${ns(median(shape!))} | ${ns(median(identity!))} | ${ns(median(added))} (${ns(Math.min(...added))} to ${ns(Math.max(...added))}) | ${median(shares).toFixed(1)} % |`,
      );
    } finally {
      await close();
    }
  }
  return lines.join('\n');
}

/**
 * Koa: each request a fresh context from Koa's own `createContext` over one Node request and
 * response (never written: Koa's `respond` and Node's HTTP writing are the same for every route),
 * through the app's composed middleware. Everything identity-web adds runs there.
 */
async function koaRoutes() {
  const signedIn = await signedInIdentity((identity) => identityWebKoaApp(identity).callback());
  const req = nodeRequest(signedIn.headers);
  const res = new ServerResponse(req);
  const answer = (app: Koa): Answer => {
    // Koa 3's own composition (`app.compose`, which its types do not declare yet), as `callback()` runs it.
    const run = (app as Koa & { compose(middleware: Koa.Middleware[]): (ctx: Koa.Context) => Promise<void> }).compose(
      app.middleware,
    );
    return async () => {
      const ctx = app.createContext(req, res);
      await run(ctx);
      return { status: ctx.status, body: ctx.body };
    };
  };
  return {
    name: 'Koa',
    routes: [
      { name: 'koa-bare', answer: answer(bareKoaApp()) },
      { name: 'koa-shape', answer: answer(shapedKoaApp() as unknown as Koa) },
      { name: 'koa-identity-web', answer: answer(identityWebKoaApp(signedIn.identity) as unknown as Koa) },
    ],
    idpCalls: signedIn.idpCalls,
    close: signedIn.close,
  };
}

/**
 * Hono: `app.fetch` as `@hono/node-server` calls it: its request object carries the URL and the
 * method as plain values and the Node request in `env.incoming` (where identity-web reads the
 * cookie); the `Response` is read back, never written to a socket.
 */
async function honoRoutes() {
  const signedIn = await signedInIdentity((identity) => getRequestListener(identityWebHonoApp(identity, 'hot').fetch));
  const env = { incoming: nodeRequest(signedIn.headers) };
  const request = {
    method: 'GET',
    url: `http://bench.test${ROUTE}`,
    headers: new Headers(signedIn.headers),
  } as unknown as Request;
  const answer = (app: { fetch(request: Request, env: object): Response | Promise<Response> }): Answer => {
    return async (read) => {
      const response = await app.fetch(request, env);
      return { status: response.status, ...(read && { body: await response.json() }) };
    };
  };
  return {
    name: 'Hono',
    routes: [
      { name: 'hono-bare', answer: answer(bareHonoApp()) },
      { name: 'hono-shape', answer: answer(shapedHonoApp('hono-shape')) },
      { name: 'hono-identity-web', answer: answer(identityWebHonoApp(signedIn.identity, 'hot')) },
    ],
    idpCalls: signedIn.idpCalls,
    close: signedIn.close,
  };
}

/**
 * Express: each request a fresh Node request and response, as Node's server makes them (Express
 * and identity-web add to both, so one reused would be cheaper than any real request), through the
 * app's own request listener; the response's `end` is caught, never written (Node's writing is the
 * same for every route). Making the two objects costs every route alike.
 */
async function expressRoutes() {
  const signedIn = await signedInIdentity((identity) => identityWebExpress(identity, 'hot') as never);
  const socket = new Socket();
  const answer = (app: RequestListener): Answer => {
    return (read) => {
      const req = nodeRequest(signedIn.headers, socket);
      const res = new ServerResponse(req);
      return new Promise((resolve) => {
        res.end = ((body?: unknown) => {
          resolve({ status: res.statusCode, ...(read && { body: JSON.parse(String(body)) }) });
          return res;
        }) as ServerResponse['end'];
        app(req, res);
      });
    };
  };
  return {
    name: 'Express',
    routes: [
      { name: 'express-bare', answer: answer(bareExpress()) },
      { name: 'express-shape', answer: answer(shapedExpress('express-shape')) },
      { name: 'express-identity-web', answer: answer(identityWebExpress(signedIn.identity, 'hot')) },
    ],
    idpCalls: signedIn.idpCalls,
    close: signedIn.close,
  };
}

/**
 * An identity-web instance with a user signed in through the app's own routes (which needs a
 * real listener for a moment), the token cached: the same instance then serves the in-process
 * app. The headers are that user's session cookie; the bare and shape routes get them too.
 */
async function signedInIdentity(
  listener: (identity: ReturnType<typeof createBenchIdentity>['identity']) => ReturnType<typeof getRequestListener>,
) {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bench = createBenchIdentity(baseUrl);
  try {
    server.on('request', listener(bench.identity));
    const headers = await signInThroughApp(baseUrl, bench.idp);
    return {
      identity: bench.identity,
      headers: { ...browserCookie(), ...headers },
      idpCalls: () => bench.idp.calls.refresh,
      close: async () => bench.identity.close(),
    };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** A Node request for the route, as Node's parser makes one; it never reads from its socket. */
function nodeRequest(headers: Record<string, string>, socket = new Socket()): IncomingMessage {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = ROUTE;
  req.httpVersion = '1.1';
  req.headers = { host: 'bench.test', accept: 'application/json', ...headers };
  req.rawHeaders = Object.entries(req.headers).flatMap(([name, value]) => [name, String(value)]);
  req.push(null);
  return req;
}

/** Requests between two turns of the event loop. */
const CHUNK = 100;

/**
 * Per round, a block of `requests` requests to each route in turn, the order rotating from
 * round to round so that no route always runs first; ns per request, per block. Every answer is
 * checked (its status; the body too, once a block): a route that answers anything else than 200
 * and the body would measure nothing.
 */

async function measure(routes: readonly Route[], rounds: number, requests: number): Promise<number[][]> {
  const expected = JSON.stringify(HELLO);
  const block = async ({ name, answer }: Route): Promise<number> => {
    let elapsed = 0n;
    for (let i = 0; i < requests; i += CHUNK) {
      // A turn of the event loop between chunks, untimed: a loop of awaited requests alone never
      // leaves the microtask queue, and what Node defers with process.nextTick (a new request's
      // end of stream, on Express) would pile up, every request of the block kept alive with it.
      await new Promise(setImmediate);
      const started = process.hrtime.bigint();
      for (let j = i; j < Math.min(i + CHUNK, requests); j++) {
        const { status, body } = await answer(j === 0);
        if (status !== 200 || (j === 0 && JSON.stringify(body) !== expected))
          throw new OptionError(`${name}: GET ${ROUTE} answered ${status} ${JSON.stringify(body)?.slice(0, 300)}`);
      }
      elapsed += process.hrtime.bigint() - started;
    }
    return Number(elapsed) / requests;
  };
  for (const route of routes) await block(route); // warm-up, unrecorded
  const times = routes.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < routes.length; k++) {
      const index = (k + round) % routes.length;
      times[index]!.push(await block(routes[index]!));
    }
  }
  return times;
}

function ns(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
