import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TestBrowser } from '@identity-web/core/testing';
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForEdge, nodeImportsOf } from './workerd/bundle.js';
import { type FakeOpenIdProvider, startFakeOpenIdProvider } from './workerd/fake-openid-provider.js';
import type { Bindings } from './workerd/worker.js';

// Miniflare is a library: this suite runs under the root `vitest run` on Node, and the worker
// runs in the real workerd binary that Miniflare starts (no Node APIs, no nodejs_compat flag).
const APP_URL = 'http://localhost:3000';
const CLIENT = { clientId: 'hono-worker', clientSecret: 'worker-secret', redirectUri: `${APP_URL}/auth/callback` };
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe('edge bundle', () => {
  it('bundles the adapter for a neutral platform with no Node built-in anywhere in its graph', async () => {
    const { metafile } = await bundleForEdge(here('../src/index.ts'));
    expect(nodeImportsOf(metafile)).toEqual([]);
    expect(Object.keys(metafile.inputs).some((p) => p.includes('adapter-hono/src/identity-web.middleware.ts'))).toBe(
      true,
    );
  });

  it('refuses to bundle a module that imports a Node built-in (the check above can fail)', async () => {
    await expect(bundleForEdge(here('./workerd/fake-openid-provider.ts'))).rejects.toThrow(/node:/);
  });
});

/** The worker in workerd, its provider a fake OpenID provider on 127.0.0.1. */
async function startWorker(extra: Partial<Bindings> = {}) {
  const op = await startFakeOpenIdProvider(CLIENT);
  const { code, metafile } = await bundleForEdge(here('./workerd/worker.ts'));
  expect(nodeImportsOf(metafile)).toEqual([]);
  const bindings: Bindings = {
    APP_URL,
    APP_SECRET: 'a-worker-secret-that-is-long-enough-0123456789',
    OIDC_ISSUER: op.issuer,
    OIDC_CLIENT_ID: CLIENT.clientId,
    OIDC_CLIENT_SECRET: CLIENT.clientSecret,
    ...extra,
  };
  const mf = new Miniflare({ modules: true, script: code, compatibilityDate: '2026-04-01', bindings: { ...bindings } });
  await mf.ready;
  const send = (path: string, init?: RequestInit) =>
    mf.dispatchFetch(`${APP_URL}${path}`, init as never) as unknown as Promise<Response>;

  /** Signs `sub` in: app → authorize (auto-login at the provider) → callback → session cookie. */
  async function signIn(sub: string, sid: string) {
    op.nextLogin = { sub, sid, name: sub.toUpperCase() };
    const browser = new TestBrowser(send);
    const start = await browser.fetch('/auth/sign-in?returnTo=%2Fme');
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    expect(authorize.origin).toBe(op.issuer);
    const login = await fetch(authorize, { redirect: 'manual' });
    expect(login.status).toBe(302);
    const callback = new URL(login.headers.get('location')!);
    expect(callback.origin).toBe(APP_URL);
    expect(callback.searchParams.get('iss')).toBe(op.issuer);
    const done = await browser.fetch(`${callback.pathname}${callback.search}`);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/me');
    const me = await browser.fetch('/me', { accept: 'json' });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: { key: string; subject: string; name: string }; csrfToken: string };
    return { browser, ...body };
  }

  return {
    op,
    send,
    signIn,
    close: async () => {
      await mf.dispose();
      await op.close();
    },
  };
}

describe('a Hono app on @identity-web/hono + @identity-web/oidc inside workerd', () => {
  let worker: Awaited<ReturnType<typeof startWorker>>;
  let op: FakeOpenIdProvider;
  const send = (path: string, init?: RequestInit) => worker.send(path, init);
  const signIn = (sub: string, sid: string) => worker.signIn(sub, sid);

  beforeAll(async () => {
    worker = await startWorker();
    op = worker.op;
  });

  afterAll(async () => {
    await worker?.close();
  });

  const accountState = async (key: string) =>
    (await (await send(`/test/account/${encodeURIComponent(key)}`)).json()) as { cached: boolean; removed: string[] };

  it('runs in workerd, not in Node', async () => {
    const runtime = (await (await send('/test/runtime')).json()) as { userAgent: string; hasProcess: boolean };
    expect(runtime.userAgent).toBe('Cloudflare-Workers');
    expect(runtime.hasProcess).toBe(false);
  });

  it('signs in, acquires a token, and back-channel logout removes the account and ends the session', async () => {
    const alice = await signIn('alice', 'sid-alice');
    expect(alice.user).toMatchObject({ subject: 'alice', issuer: op.issuer, name: 'ALICE' });

    const first = await alice.browser.fetch('/call-api', { accept: 'json' });
    expect(first.status).toBe(200);
    const { accessToken } = (await first.json()) as { accessToken: string };
    expect(accessToken).toMatch(/^at-alice-/);
    const refreshes = op.counts.refresh;
    const again = (await (await alice.browser.fetch('/call-api', { accept: 'json' })).json()) as {
      accessToken: string;
    };
    expect(again.accessToken).toBe(accessToken); // served from the cache, no second refresh
    expect(op.counts.refresh).toBe(refreshes);
    expect(await accountState(alice.user.key)).toEqual({ cached: true, removed: [] });

    // The provider refuses a scope: the handler's InteractionRequiredError becomes the challenge.
    op.refusedScopes.add('api://admin/write');
    const consent = await alice.browser.fetch('/call-api?scope=api%3A%2F%2Fadmin%2Fwrite', { accept: 'json' });
    expect(consent.status).toBe(401);
    expect(await consent.json()).toMatchObject({ error: 'interaction_required', scopes: ['api://admin/write'] });

    // A token signed by a key the provider does not publish changes nothing.
    const forged = await op.logoutToken({ sub: 'alice', sid: 'sid-alice' }, { foreignKey: true });
    const refused = await new TestBrowser(send).post('/auth/back-channel-logout', { logout_token: forged });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('invalid_logout_token');
    expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);

    // The provider's server-to-server call: no cookies, just the signed logout token.
    const token = await op.logoutToken({ sub: 'alice', sid: 'sid-alice' });
    const logout = await new TestBrowser(send).post('/auth/back-channel-logout', { logout_token: token });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('cache-control')).toBe('no-store');
    expect(await accountState(alice.user.key)).toEqual({ cached: false, removed: ['back-channel'] });
    expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(401);
    const denied = await alice.browser.fetch('/call-api', { accept: 'json' });
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { error: string }).error).toBe('not_authenticated');
    // Replaying the same token is refused (jti).
    const replay = await new TestBrowser(send).post('/auth/back-channel-logout', { logout_token: token });
    expect(replay.status).toBe(400);
  });

  it('signs out with the CSRF-checked form: account removed, 303 to the provider with the id token hint', async () => {
    const bob = await signIn('bob', 'sid-bob');
    expect((await bob.browser.fetch('/call-api', { accept: 'json' })).status).toBe(200);
    const out = await bob.browser.post('/auth/sign-out', { csrf: bob.csrfToken }, { origin: APP_URL });
    expect(out.status).toBe(303);
    const endSession = new URL(out.headers.get('location')!);
    expect(`${endSession.origin}${endSession.pathname}`).toBe(`${op.issuer}/logout`);
    expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${APP_URL}/auth/signed-out`);
    expect(bob.browser.cookies.has('iw.session.3000')).toBe(false);
    expect(await accountState(bob.user.key)).toEqual({ cached: false, removed: ['sign-out'] });
  });

  it('answers requireAuth() with 401 JSON to a call without a session', async () => {
    // undici (under dispatchFetch) always sends `Sec-Fetch-Mode: cors`, so every request here is
    // an API call to the core; the browser redirect is covered by the app.request() suites.
    const api = await new TestBrowser(send).fetch('/call-api', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(await api.json()).toMatchObject({ error: 'not_authenticated', signInUrl: '/auth/sign-in' });
  });
});

describe('DPoP inside workerd (RFC 9449): the key made, kept and used with Web Crypto only', () => {
  let worker: Awaited<ReturnType<typeof startWorker>>;

  beforeAll(async () => {
    worker = await startWorker({ OIDC_DPOP: 'true' });
    worker.op.dpop.nonce = 'token-endpoint-nonce';
  });

  afterAll(async () => {
    await worker?.close();
  });

  it('proves the key at the token endpoint (its nonce challenge answered) and makes proofs for APIs', async () => {
    const carol = await worker.signIn('carol', 'sid-carol');
    // The redemption: refused once for the nonce, then proved with it.
    const [first, second] = worker.op.dpop.proofs.map((p) => decodeJwt(p));
    expect(first?.nonce).toBeUndefined();
    expect(second).toMatchObject({ htm: 'POST', htu: `${worker.op.issuer}/token`, nonce: 'token-endpoint-nonce' });
    const api = 'https://api.example/orders/7';
    const answer = await carol.browser.fetch(`/call-api?prove=${encodeURIComponent(`${api}?page=2`)}`, {
      accept: 'json',
    });
    expect(answer.status).toBe(200);
    const { accessToken, tokenType, proof } = (await answer.json()) as Record<string, string>;
    expect(tokenType).toBe('DPoP');
    // Made in workerd, verified here: signature by the key in its header, the claims of RFC 9449 §4.2.
    const { payload, protectedHeader } = await jwtVerify(proof ?? '', EmbeddedJWK, { typ: 'dpop+jwt' });
    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.jwk).not.toHaveProperty('d');
    const ath = createHash('sha256')
      .update(accessToken ?? '')
      .digest('base64url');
    expect(payload).toMatchObject({ htm: 'GET', htu: api, ath, nonce: 'api-nonce' });
    expect(payload.jti).toBeTypeOf('string');
    // The key of the token endpoint's proofs: the one the account's tokens are bound to.
    const tokenKey = decodeProtectedHeader(worker.op.dpop.proofs.at(-1) ?? '').jwk;
    expect(await calculateJwkThumbprint(protectedHeader.jwk ?? {})).toBe(await calculateJwkThumbprint(tokenKey ?? {}));
  });
});
