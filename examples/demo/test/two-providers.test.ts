import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/index.js';

// The demo with its second IdP (`partner`): the Koa app signs in with either provider, the API
// accepts both IdPs' access tokens, the Hono app stays on the first. Over real HTTP, every port
// ephemeral.
describe('the demo with a partner IdP', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo({
      ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, partner: 0 },
      logLevel: 'silent',
      partner: true,
    });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('runs a second IdP, another issuer, and gives the Koa app both providers', () => {
    expect(demo.urls.partner).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.urls.partner).not.toBe(demo.urls.idp);
    expect(demo.apps.koa.identity.providers).toEqual(['work', 'partner']);
    expect(demo.apps.hono.identity.providers).toEqual([]);
  });

  it.each([
    ['work', 'alice', () => demo.urls.idp],
    ['partner', 'bob', () => demo.urls.partner],
  ])('signs in to Koa with %s and calls the API with that IdP token', async (provider, login, issuer) => {
    const browser = new Browser(login);
    const chooser = await browser.navigate(`${demo.urls.koa}/auth/sign-in?returnTo=%2F`);
    expect(chooser.status).toBe(200);
    expect(chooser.html).toContain(`>${provider}</a>`);
    const home = await browser.navigate(`${demo.urls.koa}/auth/sign-in?returnTo=%2F&provider=${provider}`);
    expect(home.url.href).toBe(`${demo.urls.koa}/`);
    expect(home.html).toContain(`Signed in with <strong>${provider}</strong>`);
    expect(home.html).toContain(`<tr><th>issuer</th><td>${issuer()}</td></tr>`);
    const { status, body } = await browser.json(`${demo.urls.koa}/call-api`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ api: { status: 200, body: { sub: login, client_id: 'koa-web-app' } } });
  });

  it('keeps the Hono app on the first IdP: no chooser there', async () => {
    const browser = new Browser('carol');
    const home = await browser.navigate(`${demo.urls.hono}/auth/sign-in?returnTo=%2F`);
    expect(home.url.href).toBe(`${demo.urls.hono}/`);
    expect(home.html).toContain('<tr><th>issuer</th>');
    expect(home.html).not.toContain('Signed in with');
  });
});
