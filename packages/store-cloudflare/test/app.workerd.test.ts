import { fileURLToPath } from 'node:url';
import { type AppFetch, TestBrowser } from '@identity-web/core/testing';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeOpenIdProvider,
  startFakeOpenIdProvider,
} from '../../adapter-hono/test/workerd/fake-openid-provider.js';
import { bundleWorker, foreignImportsOf } from './workerd/bundle.js';

// Two workers of one app in one workerd: two isolates (no memory in common) bound to one Durable
// Object namespace, as the isolates of a deployed Worker are. The class lives in worker `a`; `b`
// binds it by script name. No nodejs_compat flag. Workers `c` and `d` are two isolates of an app
// with two identity providers (`work`, `partner`: two fake OPs, two issuers), on a namespace of
// their own so the first app's sessions and accounts stay apart.
const APP_URL = 'http://localhost:3000';
const CLIENT = { clientId: 'edge-app', clientSecret: 'edge-secret', redirectUri: `${APP_URL}/auth/callback` };
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

type Isolate = 'a' | 'b' | 'c' | 'd';
type ProviderName = 'work' | 'partner';
let op: FakeOpenIdProvider;
/** The providers of the app of `c` and `d`: each sends the browser back to its own callback. */
let workOp: FakeOpenIdProvider;
let partnerOp: FakeOpenIdProvider;
let mf: Miniflare;

beforeAll(async () => {
  op = await startFakeOpenIdProvider(CLIENT);
  // Other ports: other issuers, the same client, a callback per provider.
  workOp = await startFakeOpenIdProvider({ ...CLIENT, redirectUri: `${CLIENT.redirectUri}/work` });
  partnerOp = await startFakeOpenIdProvider({ ...CLIENT, redirectUri: `${CLIENT.redirectUri}/partner` });
  const { code, metafile } = await bundleWorker(here('./workerd/app.worker.ts'));
  expect(foreignImportsOf(metafile)).toEqual([]);
  const bindings = {
    APP_URL,
    APP_SECRET: 'an-edge-secret-that-is-long-enough-0123456789',
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
  };
  const worker = { modules: true, script: code, compatibilityDate: '2026-04-01', bindings };
  mf = new Miniflare({
    workers: [
      {
        ...worker,
        name: 'a',
        durableObjects: { IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', useSQLite: true } },
      },
      {
        ...worker,
        name: 'b',
        durableObjects: {
          IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', scriptName: 'a', useSQLite: true },
        },
      },
      ...(['c', 'd'] as const).map((name) => ({
        ...worker,
        name,
        bindings: { ...bindings, OIDC_ISSUER: workOp.issuer, PARTNER_ISSUER: partnerOp.issuer },
        durableObjects: {
          IDENTITY_WEB_STATE: { className: 'IdentityWebDurableObject', scriptName: 'c', useSQLite: true },
        },
      })),
    ],
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  await op?.close();
  await workOp?.close();
  await partnerOp?.close();
});

const on =
  (isolate: Isolate): AppFetch =>
  async (path, init) =>
    (await mf.getWorker(isolate)).fetch(`${APP_URL}${path}`, init as never) as unknown as Promise<Response>;

/** The same browser (its cookies) sending its next requests to the other isolate. */
function moveTo(browser: TestBrowser, isolate: Isolate): TestBrowser {
  const moved = new TestBrowser(on(isolate));
  for (const [name, value] of browser.cookies) moved.cookies.set(name, value);
  return moved;
}

const opOf = (provider?: ProviderName) => (provider === undefined ? op : provider === 'partner' ? partnerOp : workOp);

/** Signs `sub` in at the fake OP; `provider` picks one of the app of `c` and `d`. */
async function signIn(isolate: Isolate, sub: string, sid: string, provider?: ProviderName) {
  opOf(provider).nextLogin = { sub, sid, name: sub.toUpperCase() };
  const browser = new TestBrowser(on(isolate));
  const start = await browser.fetch(`/auth/sign-in?returnTo=%2Fme${provider ? `&provider=${provider}` : ''}`);
  expect(new URL(start.headers.get('location')!).origin).toBe(opOf(provider).issuer);
  const login = await fetch(new URL(start.headers.get('location')!), { redirect: 'manual' });
  const callback = new URL(login.headers.get('location')!);
  expect((await browser.fetch(`${callback.pathname}${callback.search}`)).status).toBe(302);
  const me = await browser.fetch('/me', { accept: 'json' });
  expect(me.status).toBe(200);
  const body = (await me.json()) as { user: { key: string; provider?: string }; csrfToken: string };
  return { browser, key: body.user.key, provider: body.user.provider, csrfToken: body.csrfToken };
}

const json = async <T>(response: Response | Promise<Response>) => (await (await response).json()) as T;
const token = async (browser: TestBrowser) => {
  const response = await browser.fetch('/call-api', { accept: 'json' });
  return { status: response.status, body: await json<{ accessToken?: string; error?: string }>(response) };
};
const account = (isolate: Isolate, key: string) =>
  json<{ cached: boolean; removedHere: string[] }>(on(isolate)(`/test/account/${encodeURIComponent(key)}`));
const logout = (isolate: Isolate, claims: { sub?: string; sid?: string }, from = op) =>
  from
    .logoutToken(claims)
    .then((jwt) => new TestBrowser(on(isolate)).post('/auth/back-channel-logout', { logout_token: jwt }));

describe('a Hono app in two Worker isolates sharing Durable Objects', () => {
  it('runs as two isolates that share no memory', async () => {
    const a = await json<{ isolate: string }>(on('a')('/test/isolate'));
    const b = await json<{ isolate: string }>(on('b')('/test/isolate'));
    expect(a.isolate).not.toBe(b.isolate);
    expect(await json<{ isolate: string }>(on('a')('/test/isolate'))).toEqual(a);
  });

  it('serves one session and one token cache to both isolates', async () => {
    const alice = await signIn('a', 'alice', 'sid-alice');
    const first = await token(alice.browser);
    expect(first.body.accessToken).toMatch(/^at-alice-/);
    const refreshes = op.counts.refresh;
    const onB = moveTo(alice.browser, 'b');
    expect(await token(onB)).toEqual(first); // b read a's partition from its object: no refresh
    expect(await token(onB)).toEqual(first);
    expect(op.counts.refresh).toBe(refreshes);
  });

  it('refuses the token in the other isolate on the request after a back-channel logout', async () => {
    const dave = await signIn('a', 'dave', 'sid-dave');
    const onB = moveTo(dave.browser, 'b');
    expect((await token(onB)).status).toBe(200); // the token now sits in b's memory too
    const jwt = await op.logoutToken({ sub: 'dave', sid: 'sid-dave' });
    const delivered = await new TestBrowser(on('a')).post('/auth/back-channel-logout', { logout_token: jwt });
    expect(delivered.status).toBe(200);

    expect(await token(onB)).toEqual({ status: 401, body: expect.objectContaining({ error: 'not_authenticated' }) });
    expect((await onB.fetch('/me', { accept: 'json' })).status).toBe(401);
    expect(await account('b', dave.key)).toEqual({ cached: false, removedHere: [] });
    expect(await account('a', dave.key)).toEqual({ cached: false, removedHere: ['back-channel'] });
    // The jti is remembered in its object: a replay to the other isolate is refused too.
    const replay = await new TestBrowser(on('b')).post('/auth/back-channel-logout', { logout_token: jwt });
    expect(replay.status).toBe(400);
  });

  it('a sign-out in one isolate ends the session the other isolate serves', async () => {
    const bob = await signIn('b', 'bob', 'sid-bob');
    const onA = moveTo(bob.browser, 'a');
    expect((await token(onA)).status).toBe(200);
    const out = await bob.browser.post('/auth/sign-out', { csrf: bob.csrfToken }, { origin: APP_URL });
    expect(out.status).toBe(303);
    expect((await token(onA)).status).toBe(401);
    expect(await account('a', bob.key)).toMatchObject({ cached: false });
  });

  it('a logout naming only the subject ends every session of the user, in every isolate', async () => {
    const first = await signIn('a', 'carol', 'sid-carol-1');
    const second = await signIn('b', 'carol', 'sid-carol-2');
    expect((await token(moveTo(first.browser, 'b'))).status).toBe(200);
    expect((await token(moveTo(second.browser, 'a'))).status).toBe(200);
    expect((await logout('b', { sub: 'carol' })).status).toBe(200);
    for (const browser of [first.browser, second.browser]) {
      for (const isolate of ['a', 'b'] as const) expect((await token(moveTo(browser, isolate))).status).toBe(401);
    }
    expect(await account('a', first.key)).toMatchObject({ cached: false });
  });

  it('signOutUser asked of one isolate ends every session of the user in both; other users stay', async () => {
    const first = await signIn('a', 'erin', 'sid-erin-1');
    const second = await signIn('b', 'erin', 'sid-erin-2');
    const other = await signIn('a', 'frank', 'sid-frank');
    const asked = await on('b')('/test/sign-out-user/erin', { method: 'POST' });
    expect(await json<{ ended: number }>(asked)).toEqual({ ended: 2 });
    for (const browser of [first.browser, second.browser]) {
      for (const isolate of ['a', 'b'] as const) expect((await token(moveTo(browser, isolate))).status).toBe(401);
    }
    expect(await account('a', first.key)).toMatchObject({ cached: false });
    expect((await token(moveTo(other.browser, 'b'))).status).toBe(200);
  });

  it("lists a user's sessions from either isolate and ends one of them from the other's; the account stays", async () => {
    const laptop = await signIn('a', 'grace', 'sid-grace-laptop');
    const phone = await signIn('b', 'grace', 'sid-grace-phone');
    await signIn('a', 'heidi', 'sid-heidi');
    type Listed = { id: string; current: boolean };
    const listOf = async (browser: TestBrowser) =>
      (await json<{ sessions: Listed[] }>(await browser.fetch('/sessions', { accept: 'json' }))).sessions;
    const fromLaptop = await listOf(moveTo(laptop.browser, 'b'));
    expect(fromLaptop.map((s) => s.current).sort()).toEqual([false, true]);
    const other = fromLaptop.find((s) => !s.current)!;
    expect((await listOf(phone.browser)).find((s) => s.current)?.id).toBe(other.id);
    const ended = await moveTo(laptop.browser, 'b').post('/auth/sign-out-session', {
      session: other.id,
      csrf: laptop.csrfToken,
    });
    expect(ended.status).toBe(303);
    for (const isolate of ['a', 'b'] as const) {
      expect((await token(moveTo(phone.browser, isolate))).status).toBe(401);
      expect((await token(moveTo(laptop.browser, isolate))).status).toBe(200);
    }
    expect((await listOf(laptop.browser)).map((s) => s.current)).toEqual([true]);
    expect(await account('b', laptop.key)).toMatchObject({ cached: true });
  });
});

describe('several providers on Durable Objects', () => {
  const status = async (browser: TestBrowser) => (await browser.fetch('/me', { accept: 'json' })).status;
  /** `sub` signed in, in isolate `c`, at both providers with the same IdP session id. */
  const atBoth = async (sub: string, sid: string) => ({
    work: await signIn('c', sub, sid, 'work'),
    partner: await signIn('c', sub, sid, 'partner'),
  });

  it('answers a sign-in without provider with a page that links to each provider', async () => {
    const browser = new TestBrowser(on('c'));
    const page = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const links = [...(await page.text()).matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links).toEqual([
      '/auth/sign-in?returnTo=%2Fme&provider=work',
      '/auth/sign-in?returnTo=%2Fme&provider=partner',
    ]);
    expect(browser.cookies.size).toBe(0);
  });

  it('keeps the same sub and sid at two providers as two accounts, each with its own tokens, in both isolates', async () => {
    const { work, partner } = await atBoth('alice', 'sid-alice');
    expect(work.provider).toBe('work');
    expect(partner.provider).toBe('partner');
    expect(work.key).toMatch(/^work:/);
    expect(partner.key).toMatch(/^partner:/);
    expect(work.key).not.toBe(partner.key);
    const atWork = await token(work.browser);
    const atPartner = await token(partner.browser);
    expect(atWork).toEqual({ status: 200, body: expect.objectContaining({ accessToken: expect.any(String) }) });
    expect(atPartner).toEqual({ status: 200, body: expect.objectContaining({ accessToken: expect.any(String) }) });
    // Each account's token is its own provider's (the fake providers end their tokens with their port).
    expect(atWork.body.accessToken?.endsWith(`.${new URL(workOp.issuer).port}`)).toBe(true);
    expect(atPartner.body.accessToken?.endsWith(`.${new URL(partnerOp.issuer).port}`)).toBe(true);
    // The other isolate reads both from the objects: the same tokens, no refresh.
    expect(await token(moveTo(work.browser, 'd'))).toEqual(atWork);
    expect(await token(moveTo(partner.browser, 'd'))).toEqual(atPartner);
    expect(await account('d', work.key)).toMatchObject({ cached: true });
    expect(await account('d', partner.key)).toMatchObject({ cached: true });
  });

  it("ends only the issuing provider's session on a back-channel logout to the other isolate", async () => {
    const { work, partner } = await atBoth('alice', 'sid-alice-back');
    expect((await logout('d', { sub: 'alice', sid: 'sid-alice-back' }, partnerOp)).status).toBe(200);
    expect(await status(work.browser)).toBe(200);
    expect(await status(partner.browser)).toBe(401);
    expect((await token(moveTo(work.browser, 'd'))).status).toBe(200);
    expect(await account('d', partner.key)).toEqual({ cached: false, removedHere: ['back-channel'] });
    expect(await account('c', work.key)).toMatchObject({ cached: true });

    expect((await logout('d', { sub: 'alice', sid: 'sid-alice-back' }, workOp)).status).toBe(200);
    expect(await status(work.browser)).toBe(401);
    expect(await account('d', work.key)).toEqual({ cached: false, removedHere: ['back-channel'] });
  });

  it('ends nothing on a front-channel logout that names no provider, and only the named one otherwise', async () => {
    const { work, partner } = await atBoth('alice', 'sid-alice-front');
    const frontChannel = (isolate: Isolate, query: Record<string, string>) =>
      new TestBrowser(on(isolate)).fetch(`/auth/front-channel-logout?${new URLSearchParams(query)}`);
    expect((await frontChannel('d', { sid: 'sid-alice-front' })).status).toBe(200);
    expect(await status(work.browser)).toBe(200);
    expect(await status(partner.browser)).toBe(200);

    expect((await frontChannel('d', { sid: 'sid-alice-front', provider: 'partner' })).status).toBe(200);
    expect(await status(partner.browser)).toBe(401);
    expect(await status(work.browser)).toBe(200);
    expect(await account('c', partner.key)).toMatchObject({ cached: false });

    expect((await frontChannel('d', { sid: 'sid-alice-front', iss: workOp.issuer })).status).toBe(200);
    expect(await status(work.browser)).toBe(401);
  });
});
