// The Next.js example under `next build` + `next start`, against the demo IdP (oidc-provider) and
// a private Redis, driven over real HTTP like a browser: what identity-web promises a Next.js app.
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivateRedis, startPrivateRedis } from '../../demo/src/private-redis.js';
import { redisServerAvailable } from '../../demo/test/support/redis-available.js';
import { example, type NextServer } from '../src/index.js';

/** The access tokens' lifetime at the IdP, and how long before expiry the app refreshes one. */
const TOKEN_SECONDS = 4;
const MARGIN_SECONDS = 1;
/** Long enough for the token issued last to be due. */
const UNTIL_DUE_MS = (TOKEN_SECONDS - MARGIN_SECONDS) * 1000 + 700;

/** The web API the app calls: answers every call, and keeps the access token each one carried. */
interface RecordingApi {
  readonly url: string;
  readonly tokens: string[];
  close(): Promise<void>;
}

async function startRecordingApi(): Promise<RecordingApi> {
  const tokens: string[] = [];
  const server: Server = createServer((req, res) => {
    const token = /^(?:Bearer|DPoP) (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (token === undefined) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    tokens.push(token);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ call: tokens.length }));
  });
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${port}/whoami`,
    tokens,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The JSON a page shows in its first `<pre>` (HTML-escaped by React). */
function preJson(html: string): { api?: { status: number; body: unknown }; error?: string } {
  const text = /<pre>([^<]*)<\/pre>/.exec(html)?.[1] ?? '';
  return JSON.parse(
    text
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&#x27;/g, "'"),
  );
}

const describeWithRedis = redisServerAvailable() ? describe : describe.skip;

describeWithRedis('the Next.js example (next build, next start)', () => {
  let idp: DemoIdp;
  let api: RecordingApi;
  let redis: PrivateRedis;
  let app: NextServer;
  const browser = new Browser('alice');

  beforeAll(async () => {
    await example.buildOnce(240_000);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    idp = await startDemoIdp({
      clients: [{ clientId: 'next-web-app', clientSecret: 'next-web-app-client-secret-of-32-characters', baseUrl }],
      accessTokenTtlSeconds: TOKEN_SECONDS,
    });
    api = await startRecordingApi();
    redis = await startPrivateRedis(await freePort());
    app = await example.start(
      port,
      {
        IDENTITY_WEB_ISSUER: idp.issuer,
        IDENTITY_WEB_CLIENT_ID: 'next-web-app',
        IDENTITY_WEB_CLIENT_SECRET: 'next-web-app-client-secret-of-32-characters',
        IDENTITY_WEB_BASE_URL: baseUrl,
        IDENTITY_WEB_SECRET: 'next-web-app-secret-of-at-least-32-characters',
        IDENTITY_WEB_REFRESH_MARGIN_SECONDS: String(MARGIN_SECONDS),
        IDENTITY_WEB_LOG_LEVEL: 'warn',
        DOWNSTREAM_API_URL: api.url,
        DOWNSTREAM_API_SCOPES: idp.api.scopes.join(' '),
        REDIS_URL: redis.url,
        SHARED_SIGNALS_ISSUER: `${idp.issuer}/ssf`,
      },
      30_000,
    );
  }, 300_000);

  afterAll(async () => {
    await app?.stop();
    await redis?.stop();
    await api?.close();
    await idp?.close();
  });

  it('shows a visitor a sign-in link, and guards /call-api: a redirect for a browser, 401 JSON for a script', async () => {
    const home = await new Browser().navigate(`${app.url}/`);
    expect(home.status).toBe(200);
    expect(home.html).toContain('You are not signed in');
    expect(home.html).toContain('href="/auth/sign-in?returnTo=%2F"');
    const navigation = await new Browser().request(new URL(`${app.url}/call-api`));
    expect(navigation.status).toBe(302);
    expect(navigation.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fcall-api');
    const script = await new Browser().json(`${app.url}/call-api`);
    expect(script).toMatchObject({ status: 401, body: { error: 'not_authenticated' } });
  });

  it('answers HEAD as Next.js runs the handlers: refused on the auth routes, challenged on a guarded page', async () => {
    // Next.js hands a HEAD to the catch-all route's GET (it implements HEAD from GET): the auth
    // routes refuse it, so a link prefetcher starts no sign-in and consumes no callback.
    const visitor = new Browser();
    for (const path of ['/auth/sign-in?returnTo=%2F', '/auth/callback?state=0x&code=c', '/auth/signed-out']) {
      const answer = await visitor.request(new URL(`${app.url}${path}`), { head: true });
      expect(answer.status, path).toBe(405);
      expect(answer.headers.get('allow'), path).toContain('GET');
      expect(answer.headers.get('set-cookie'), path).toBeNull();
      expect((await answer.arrayBuffer()).byteLength, path).toBe(0);
    }
    expect(visitor.cookies('127.0.0.1').size).toBe(0);
    const page = await visitor.request(new URL(`${app.url}/call-api`), { head: true });
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fcall-api');
    const script = await visitor.request(new URL(`${app.url}/call-api`), { head: true, accept: 'application/json' });
    expect(script.status).toBe(401);
    expect((await script.arrayBuffer()).byteLength).toBe(0);
  });

  it('signs in through the catch-all route and calls the API from a server component', async () => {
    const page = await browser.navigate(`${app.url}/call-api`);
    expect(page.url.pathname).toBe('/call-api');
    expect(browser.prompts).toEqual(['login', 'consent']);
    expect(preJson(page.html).api?.status).toBe(200);
    expect(api.tokens).toHaveLength(1);
    expect((await browser.navigate(`${app.url}/`)).html).toContain('Hello');
  });

  it('refreshes a token that expired between two renders once, keeps the rotated refresh token, and writes no cookie', async () => {
    const before = { ...idp.refreshGrants };
    const first = api.tokens.at(-1);
    await sleep(UNTIL_DUE_MS);
    // One render, one request: what the server answered, cookies included.
    const render = await browser.request(new URL(`${app.url}/call-api`));
    expect(render.status).toBe(200);
    expect(render.headers.getSetCookie()).toEqual([]);
    expect(preJson(await render.text()).api?.status).toBe(200);
    expect(idp.refreshGrants.issued).toBe(before.issued + 1);
    const refreshed = api.tokens.at(-1);
    expect(refreshed).not.toBe(first);
    // The next render uses the new token, with no grant.
    const next = await browser.request(new URL(`${app.url}/call-api`));
    expect(preJson(await next.text()).api?.status).toBe(200);
    expect(api.tokens.at(-1)).toBe(refreshed);
    expect(idp.refreshGrants.issued).toBe(before.issued + 1);
    // Due again: the refresh token the first refresh rotated in is the one presented (the
    // provider revokes the grant at a rotated-away token's reuse).
    await sleep(UNTIL_DUE_MS);
    const again = await browser.request(new URL(`${app.url}/call-api`));
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(preJson(await again.text()).api?.status).toBe(200);
    expect(idp.refreshGrants).toMatchObject({ issued: before.issued + 2, reused: 0, refused: before.refused });
  });

  it('serves ten server components of one render, all asking for a token that is due, with one grant', async () => {
    await sleep(UNTIL_DUE_MS);
    const before = idp.refreshGrants.issued;
    const calls = api.tokens.length;
    const render = await browser.request(new URL(`${app.url}/dashboard?widgets=10`));
    expect(render.status).toBe(200);
    expect(render.headers.getSetCookie()).toEqual([]);
    const html = await render.text();
    expect([...html.matchAll(/<span class="status">200<\/span>/g)]).toHaveLength(10);
    expect(idp.refreshGrants.issued).toBe(before + 1);
    const tokens = api.tokens.slice(calls);
    expect(tokens).toHaveLength(10);
    expect(new Set(tokens).size).toBe(1);
  });

  it('signs the user out of the next render after a back-channel logout, and calls the API no more', async () => {
    const calls = api.tokens.length;
    // Signing out at the provider: it POSTs a logout token to the app's back-channel route.
    const ended = await browser.navigate(`${idp.issuer}/session/end`, { frames: false });
    expect(ended.status).toBe(200);
    const home = await browser.request(new URL(`${app.url}/`));
    expect(await home.text()).toContain('You are not signed in');
    const page = await browser.request(new URL(`${app.url}/call-api`));
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fcall-api');
    expect(api.tokens).toHaveLength(calls);
  });

  it('signs the user out of the next render after a CAEP session-revoked from the transmitter', async () => {
    const carol = new Browser('carol');
    expect(preJson((await carol.navigate(`${app.url}/call-api`)).html).api?.status).toBe(200);
    const calls = api.tokens.length;
    const sent = await carol.request(new URL(`${idp.issuer}/ssf/send`), {
      form: new URLSearchParams({ user: 'carol', event: 'session revoked (CAEP)' }),
    });
    expect(await sent.text()).toContain('class="answer">202<');
    expect(await (await carol.request(new URL(`${app.url}/`))).text()).toContain('You are not signed in');
    expect((await carol.request(new URL(`${app.url}/dashboard`))).status).toBe(302);
    expect(api.tokens).toHaveLength(calls);
  });

  it('answers a store outage with 503 and Retry-After, never a 500 page', async () => {
    const bob = new Browser('bob');
    expect(preJson((await bob.navigate(`${app.url}/call-api`)).html).api?.status).toBe(200);
    await sleep(UNTIL_DUE_MS); // the next call needs the token cache (and the refresh lease)
    await redis.halt();
    try {
      // A page: the proxy's 503, or the render's redirect to the catch-all route's 503 page.
      const page = await bob.navigate(`${app.url}/call-api`);
      expect(page.status).toBe(503);
      expect(page.response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(page.html).not.toContain('Internal Server Error');
      // A route handler, asked by a script.
      const cache = await bob.json(`${app.url}/cache.json`);
      expect(cache.status).toBe(503);
      expect(cache.response.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await redis.resume();
    }
  });
});
