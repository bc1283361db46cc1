import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/index.js';

// The demo IdP's Shared Signals page pushes a CAEP session-revoked to every app: each one removes
// the user's account and tokens, as a logout would. Real HTTP on 127.0.0.1, every port ephemeral.
const ANY_PORTS = { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0 };

describe('the demo: a security event sent from the IdP page signs the user out of every app', () => {
  let demo: Demo;
  const browser = new Browser('carol');
  beforeAll(async () => {
    demo = await startDemo({ ports: ANY_PORTS, logLevel: 'silent' });
  });
  afterAll(async () => {
    await demo?.stop();
  });

  it('removes the account on all four apps, and leaves another user alone', async () => {
    const apps = [demo.urls.koa, demo.urls.hono, demo.urls.express, demo.urls.fastify];
    const dave = new Browser('dave');
    for (const visitor of [browser, dave]) {
      for (const app of apps) {
        const home = await visitor.navigate(`${app}/auth/sign-in?returnTo=/`);
        expect(home.url.href).toBe(`${app}/`);
        expect((await visitor.json(`${app}/call-api`)).status).toBe(200);
      }
    }
    // The page, then its form, as an admin would use them.
    const form = await browser.navigate(`${demo.urls.idp}/ssf/send`);
    expect(form.html).toContain('Send a security event');
    const sent = await browser.request(new URL(`${demo.urls.idp}/ssf/send`), {
      form: new URLSearchParams({ user: 'carol', event: 'session revoked (CAEP)' }),
    });
    // The four apps and the middle-tier API each answered 202.
    expect((await sent.text()).match(/class="answer">202</g)).toHaveLength(5);
    for (const app of apps) {
      expect((await browser.json(`${app}/call-api`)).status, app).toBe(401);
      expect(await browser.cache(app), app).toMatchObject({ account: null });
      expect((await dave.json(`${app}/call-api`)).status, app).toBe(200);
    }
  });
});
