import { describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../src/http/sign-in.routes.js';
import type { AuthorizationRequest } from '../../src/ports/identity-provider-requests.js';
import { TestBrowser } from '../../src/testing/browser.js';
import { setup } from '../support/helpers.js';
import { webApp } from '../support/web-app.js';

// `GET /sign-in` and the callback over HTTP: every bound on what a sign-in request may carry, and
// the one-attempt rule of the callback.

async function browser() {
  const t = setup();
  const b = new TestBrowser((await webApp(t.identity)).fetch);
  return { t, b };
}

async function refusedWith(b: TestBrowser, query: string, message: string) {
  const response = await b.fetch(`/auth/sign-in?${query}`);
  expect(response.status, query.slice(0, 80)).toBe(400);
  expect(await response.text()).toContain(message);
  expect(b.cookies.size).toBe(0);
}

async function authorizeParams(b: TestBrowser, query: string) {
  const response = await b.fetch(`/auth/sign-in?${query}`);
  expect(response.status, query.slice(0, 80)).toBe(302);
  return new URL(response.headers.get('location')!).searchParams;
}

describe('GET /sign-in bounds', () => {
  it('passes known prompts through and refuses any other', async () => {
    const { b } = await browser();
    for (const prompt of ['login', 'none', 'consent', 'select_account', 'create']) {
      expect((await authorizeParams(b, `prompt=${prompt}`)).get('prompt')).toBe(prompt);
    }
    const fresh = await browser();
    await refusedWith(fresh.b, 'prompt=login%20consent', 'unknown &quot;prompt&quot; value');
  });

  it('takes a claims request only as a JSON object of at most 2,048 bytes', async () => {
    const { b } = await browser();
    const object = JSON.stringify({ id_token: { acr: { value: 'x'.repeat(SIGN_IN_LIMITS.claimsBytes - 33) } } });
    expect(object).toHaveLength(2048);
    expect((await authorizeParams(b, `claims=${encodeURIComponent(object)}`)).get('claims')).toBe(object);
    const fresh = await browser();
    const tooBig = JSON.stringify({ id_token: { acr: { value: 'x'.repeat(SIGN_IN_LIMITS.claimsBytes - 32) } } });
    await refusedWith(fresh.b, `claims=${encodeURIComponent(tooBig)}`, 'is larger than 2048 bytes');
    for (const bad of ['[]', 'null', '"x"', '1', '{', 'not json']) {
      await refusedWith(fresh.b, `claims=${encodeURIComponent(bad)}`, 'must be a JSON object');
    }
  });

  it('asks the provider for the acr_values and max_age of a step-up, and refuses malformed ones (RFC 9470 §4)', async () => {
    const { b } = await browser();
    const params = await authorizeParams(b, 'acr_values=urn%3Amfa%20%20phr&max_age=0');
    expect(params.get('acr_values')).toBe('urn:mfa phr');
    expect(params.get('max_age')).toBe('0');
    const fresh = await browser();
    for (const bad of [
      'acr_values=%20',
      `acr_values=${'a%20'.repeat(11)}`,
      'acr_values=caf%C3%A9',
      `acr_values=${'a'.repeat(257)}`,
    ]) {
      await refusedWith(fresh.b, bad, '&quot;acr_values&quot; must be 1 to 10 space-separated values');
    }
    for (const bad of ['max_age=-1', 'max_age=1.5', 'max_age=soon', 'max_age=1234567890']) {
      await refusedWith(fresh.b, bad, '&quot;max_age&quot; must be a whole number of seconds');
    }
  });

  it('takes at most 30 scopes of at most 256 characters each', async () => {
    const { b } = await browser();
    const thirty = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const scope = (await authorizeParams(b, `scope=${encodeURIComponent(` ${thirty.join('  ')} `)}`)).get('scope')!;
    for (const s of thirty) expect(scope.split(' ')).toContain(s);
    expect((await authorizeParams(b, `scope=${'a'.repeat(256)}`)).get('scope')!.split(' ')).toContain('a'.repeat(256));
    const fresh = await browser();
    await refusedWith(fresh.b, `scope=${[...thirty, 's30'].join('%20')}`, 'lists more than 30 scopes');
    await refusedWith(fresh.b, `scope=ok%20${'a'.repeat(257)}`, 'longer than 256 characters');
  });

  it('takes login and domain hints of at most 512 characters', async () => {
    const { b } = await browser();
    await authorizeParams(b, `login_hint=${'h'.repeat(512)}&domain_hint=${'d'.repeat(512)}`);
    const fresh = await browser();
    await refusedWith(fresh.b, `login_hint=${'h'.repeat(513)}`, 'longer than 512 characters');
    await refusedWith(fresh.b, `domain_hint=${'d'.repeat(513)}`, 'longer than 512 characters');
  });

  it('hands the IdP the hints asked for, and no prompt or claims that were not asked for', async () => {
    const { t, b } = await browser();
    const asked: AuthorizationRequest[] = [];
    const authorize = t.idp.authorizationUrl.bind(t.idp);
    t.idp.authorizationUrl = (request) => {
      asked.push(request);
      return authorize(request);
    };
    await authorizeParams(b, 'login_hint=alice%40example.com&domain_hint=example.com');
    await authorizeParams(b, '');
    expect(asked[0]).toMatchObject({ loginHint: 'alice@example.com', domainHint: 'example.com' });
    // An adapter sets every parameter it is given: `prompt=null` would force a prompt of that name.
    for (const name of ['prompt', 'claims', 'loginHint', 'domainHint', 'acrValues', 'maxAge']) {
      expect(asked[1]).not.toHaveProperty(name);
    }
  });

  it('refuses a foreign returnTo before anything is stored', async () => {
    const { b } = await browser();
    await refusedWith(b, 'returnTo=//evil.example', 'returnTo must be a path on this site');
  });
});

describe('the callback', () => {
  it('signs in, goes back to returnTo without a Referer, and clears the transaction', async () => {
    const { t, b } = await browser();
    const start = await b.fetch('/auth/sign-in?returnTo=/orders');
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    expect(state.charAt(0)).toBe('0');
    expect(b.cookies.has('iw.session.3000.signin.0')).toBe(true);
    const done = await b.fetch(`/auth/callback?${t.idp.login(start.headers.get('location')!, 'alice')}`);
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/orders');
    expect(done.headers.get('referrer-policy')).toBe('no-referrer');
    expect(b.cookies.has('iw.session.3000.signin.0')).toBe(false);
    expect(b.cookies.has('iw.session.3000')).toBe(true);
  });

  it('accepts the response as a form POST (response_mode=form_post)', async () => {
    const { t, b } = await browser();
    const start = await b.fetch('/auth/sign-in');
    const params = t.idp.login(start.headers.get('location')!, 'alice');
    const done = await b.post('/auth/callback', Object.fromEntries(params));
    expect(done.status).toBe(302);
    expect(b.cookies.has('iw.session.3000')).toBe(true);
  });

  it('allows one attempt per transaction: a failed callback clears it, so a retry finds nothing', async () => {
    const { t, b } = await browser();
    const start = await b.fetch('/auth/sign-in');
    const params = t.idp.login(start.headers.get('location')!, 'alice');
    const broken = new URLSearchParams(params);
    broken.set('code', 'wrong');
    expect((await b.fetch(`/auth/callback?${broken}`)).status).toBe(400);
    expect(b.cookies.has('iw.session.3000.signin.0')).toBe(false);
    const retry = await b.fetch(`/auth/callback?${params}`);
    expect(retry.status).toBe(400);
    expect(b.cookies.has('iw.session.3000')).toBe(false);
  });

  it('refuses a callback with two states, and clears the transaction it leaves nothing to retry with', async () => {
    const { t, b } = await browser();
    const start = await b.fetch('/auth/sign-in');
    const params = t.idp.login(start.headers.get('location')!, 'alice');
    const twice = new URLSearchParams(params);
    twice.append('state', params.get('state')!);
    const response = await b.fetch(`/auth/callback?${twice}`);
    expect(response.status).toBe(400);
    expect(b.cookies.has('iw.session.3000.signin.0')).toBe(false);
    expect(t.sessions.countSessions?.()).resolves.toBe(0);
  });

  it('logs one warning with the exact reason for a refused callback, and shows the problem on the page', async () => {
    const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
    const log = (level: string) => (fields: Record<string, unknown>, message: string) =>
      lines.push({ level, fields, message });
    const t = setup({ logger: { debug() {}, info() {}, warn: log('warn'), error: log('error') } });
    const b = new TestBrowser((await webApp(t.identity)).fetch);
    const start = await b.fetch('/auth/sign-in');
    const params = t.idp.login(start.headers.get('location')!, 'alice');
    params.set('state', `${params.get('state')!}x`);
    const response = await b.fetch(`/auth/callback?${params}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('the sign-in was started in another browser, or already completed');
    expect(lines).toEqual([
      {
        level: 'warn',
        fields: {
          status: 400,
          code: 'invalid_state',
          reason: 'the sign-in was started in another browser, or already completed',
        },
        message: 'identity-web sign-in refused',
      },
    ]);
  });

  it('clears every sign-in cookie sent with a callback whose state names no sign-in slot', async () => {
    const { t, b } = await browser();
    const start = await b.fetch('/auth/sign-in');
    const params = t.idp.login(start.headers.get('location')!, 'alice');
    params.set('state', `x${params.get('state')!.slice(1)}`);
    const response = await b.fetch(`/auth/callback?${params}`);
    expect(response.status).toBe(400);
    expect(b.cookies.has('iw.session.3000.signin.0')).toBe(false);
  });

  it('ends the session this browser had before (account switch)', async () => {
    const { t, b } = await browser();
    const first = await b.fetch('/auth/sign-in');
    await b.fetch(`/auth/callback?${t.idp.login(first.headers.get('location')!, 'alice')}`);
    expect(await t.sessions.countSessions?.()).toBe(1);
    const second = await b.fetch('/auth/sign-in');
    await b.fetch(`/auth/callback?${t.idp.login(second.headers.get('location')!, 'bob')}`);
    expect(await t.sessions.countSessions?.()).toBe(1);
    const me = (await (await b.fetch('/public', { accept: 'json' })).json()) as { user: { name: string } };
    expect(me.user.name).toBe('bob');
  });
});
