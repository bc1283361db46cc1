// Five mistakes a newcomer makes on a first app, each with default options (no logger): every
// one must end in an error or a console line that names the fix — never in silence. The app is
// written as the README shows it (Koa, @koa/router, @identity-web/oidc) against a real OpenID
// provider (oidc-provider) on 127.0.0.1, driven by a cookie-jar browser.

import type { Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { createIdentityWeb, type IdentityWebOptions } from '@identity-web/core';
import { type IdentityWebState, identityWeb, requireAuth } from '@identity-web/koa';
import { createOidcProvider } from '@identity-web/oidc';
import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';

const CLIENT_ID = 'scratch-app';
const CLIENT_SECRET = 'scratch-app-secret-for-these-tests-only';
const SECRET = 'a-random-value-of-at-least-32-characters!';

let idp: DemoIdp;
// A port of its own for each app: a kept-alive connection to a closed one must not be reused.
const ports: number[] = [];
// Each port is held while no app listens on it, by a listener that drops every connection: the
// other test files run beside this one and pick random free ports too, so a port left unbound
// between tests could become another file's app (test 4 then found someone signed in there).
const holders = new Map<number, TcpServer>();
async function hold(port: number): Promise<void> {
  const holder = createTcpServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(port, '127.0.0.1', resolve);
  });
  holders.set(port, holder);
}
async function release(port: number): Promise<void> {
  const holder = holders.get(port);
  holders.delete(port);
  await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
}
let appPort: number;
let otherPort: number;
const servers: Server[] = [];
let lines: string[] = [];
let spies: MockInstance[] = [];

beforeAll(async () => {
  for (let i = 0; i < 6; i++) {
    const port = await freePort();
    await hold(port);
    ports.push(port);
  }
  const [first = 0, ...more] = ports;
  idp = await startDemoIdp({
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        baseUrl: `http://127.0.0.1:${first}`,
        moreBaseUrls: more.map((port) => `http://127.0.0.1:${port}`),
      },
    ],
  });
});
afterAll(async () => {
  await idp?.close();
  await Promise.all([...holders.keys()].map(release));
});

beforeEach(() => {
  [appPort = 0, otherPort = 0] = ports.splice(0, 2);
  ports.push(appPort, otherPort);
  lines = [];
  const record = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  spies = [vi.spyOn(console, 'warn').mockImplementation(record), vi.spyOn(console, 'error').mockImplementation(record)];
});
afterEach(async () => {
  for (const spy of spies) spy.mockRestore();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  if (!holders.has(appPort)) await hold(appPort);
});

/** The README's app, with what the mistake changes. */
async function scratchApp(
  change: {
    issuer?: string;
    clientSecret?: string;
    secret?: string;
    baseUrl?: string;
    mountIdentityWeb?: boolean;
  } = {},
): Promise<string> {
  const options: IdentityWebOptions = {
    identityProvider: createOidcProvider({
      issuer: change.issuer ?? idp.issuer,
      clientId: CLIENT_ID,
      clientSecret: change.clientSecret ?? CLIENT_SECRET,
      allowInsecureRequests: true,
    }),
    baseUrl: change.baseUrl ?? `http://127.0.0.1:${appPort}`,
    secret: change.secret ?? SECRET,
  };
  const identity = createIdentityWeb(options);
  const app = new Koa();
  const router = new Router<IdentityWebState>();
  router.get('/', requireAuth(), (ctx) => {
    ctx.body = `Hello ${ctx.state.auth.user?.name}`;
  });
  if (change.mountIdentityWeb !== false) app.use(identityWeb(identity));
  app.use(router.routes());
  await release(appPort);
  const server = app.listen(appPort, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return `http://127.0.0.1:${appPort}`;
}

describe('a newcomer is never left guessing', () => {
  it('1. a short secret: refused at creation, saying how long and what kind', async () => {
    await expect(scratchApp({ secret: 'changeme' })).rejects.toThrow(
      'identity-web: "secret" must be at least 32 characters (use a random value)',
    );
  });

  it('2. a wrong issuer (a trailing slash): the console says which issuer to set', async () => {
    const app = await scratchApp({ issuer: `${idp.issuer}/` });
    const page = await new Browser().navigate(`${app}/`);
    expect(page.status).toBe(502);
    // The provider call's line says what to check; the 5xx's line says the same of the request.
    const fix = `set \\"issuer\\" to \\"${idp.issuer}\\" exactly: the trailing slash counts`;
    expect(lines).toEqual([
      expect.stringMatching(/^identity-web: identity provider call failed /),
      expect.stringMatching(/^identity-web request failed /),
    ]);
    for (const line of lines) expect(line).toContain(fix);
  });

  it('3. requireAuth() without identityWeb(): the error says what is missing', async () => {
    const app = await scratchApp({ mountIdentityWeb: false });
    const page = await new Browser().navigate(`${app}/`);
    expect(page.status).toBe(500);
    expect(lines.join('\n')).toContain('requireAuth() needs the identityWeb() middleware before it');
  });

  it('4. a baseUrl on another port: one warning naming both, at the first sign-in', async () => {
    const app = await scratchApp({ baseUrl: `http://127.0.0.1:${otherPort}` });
    // The provider sends the browser back to baseUrl, where no app listens (the port's holder
    // drops the connection).
    await expect(new Browser().navigate(`${app}/`)).rejects.toThrow();
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^identity-web: a sign-in request came to another host than baseUrl \\(http://127\\.0\\.0\\.1:${otherPort}\\): .*Set baseUrl to the origin browsers use.* \\{"requestHost":"127\\.0\\.0\\.1:${appPort}"`,
        ),
      ),
    ]);
  });

  it('5. a wrong client secret: the console says what to check', async () => {
    const app = await scratchApp({ clientSecret: 'not-the-secret-registered-at-the-provider' });
    const page = await new Browser().navigate(`${app}/`);
    expect(page.status).toBe(502);
    const fix =
      'code redemption failed: the provider refused the client (HTTP 401 with a challenge): check clientId, clientSecret and clientAuth';
    expect(lines).toEqual([
      expect.stringMatching(/^identity-web: identity provider call failed /),
      expect.stringMatching(/^identity-web request failed /),
    ]);
    for (const line of lines) expect(line).toContain(fix);
  });
});
