// The example of docs/testing-your-app.md, run: the page shows this file's code after its
// header, and the last test keeps the two the same.
import { readFileSync } from 'node:fs';
import { createIdentityWeb, silentLogger } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock, TestBrowser } from '@identity-web/core/testing';
import { identityWeb, requireAuth } from '@identity-web/hono';
import { Hono } from 'hono';
import { expect, it } from 'vitest';

it('shows the signed-in user their name', async () => {
  const idp = new FakeIdentityProvider(new ManualClock());
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl: 'http://localhost:3000',
    secret: 'a-test-secret-of-at-least-32-characters',
    logger: silentLogger,
  });
  const app = new Hono()
    .use(identityWeb(identity))
    .get('/me', requireAuth(), (c) => c.json({ subject: c.var.auth.user?.subject }));

  const browser = new TestBrowser(async (path, init) => app.request(path, init));
  const start = await browser.fetch('/auth/sign-in?returnTo=/me');
  const back = await browser.fetch(`/auth/callback?${idp.login(start.headers.get('location') ?? '', 'alice')}`);
  expect(back.headers.get('location')).toBe('/me');
  const me = await browser.fetch('/me', { accept: 'json' });
  expect(await me.json()).toEqual({ subject: 'alice' });

  // fetch() as Node sends it (Sec-Fetch-Mode: cors) is an API call, not a navigation: 401 JSON.
  const script = await app.request('/me', { headers: { 'sec-fetch-mode': 'cors', accept: 'text/html' } });
  expect(script.status).toBe(401);
});

it('is the code docs/testing-your-app.md shows', () => {
  const doc = readFileSync(new URL('../../../docs/testing-your-app.md', import.meta.url), 'utf8');
  const shown = /```ts\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  const tested = source.slice(source.indexOf('import { createIdentityWeb'), source.indexOf("\nit('is the code"));
  expect(shown.trim()).toBe(tested.trim());
});
