// The app with a second OpenID provider (IDENTITY_WEB_PARTNER_*): two demo IdPs, two issuers. The
// first provider is `work`, the second `partner`; a sign-in without a provider gets the page that
// lists both, and the home page says which one signed the user in.

import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, exampleEnv, freePort, type RunningWebApp } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKoaWebApp } from '../src/index.js';

const CLIENT_ID = 'koa-web-app';
const WORK_SECRET = 'koa-web-app-secret-at-work-for-this-test-only';
const PARTNER_SECRET = 'koa-web-app-secret-at-the-partner-for-this-test';

/** Starts the app, expecting it to refuse: the variables its `EnvError` names, and its message. */
async function refusal(env: Record<string, string | undefined>): Promise<{ variables: string[]; message: string }> {
  const error = await startKoaWebApp(env).then(
    async (app) => {
      await app.close();
      return new Error('the app started');
    },
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'EnvError', code: 'invalid_env' });
  return error as { variables: string[]; message: string };
}

describe('Koa web app: the partner provider variables', () => {
  const env = { ...exampleEnv(0), IDENTITY_WEB_ISSUER: 'http://127.0.0.1:9' };

  it('with IDENTITY_WEB_PARTNER_ISSUER, needs the partner client id and secret', async () => {
    const error = await refusal({ ...env, IDENTITY_WEB_PARTNER_ISSUER: 'http://127.0.0.1:8' });
    expect(error.variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_ID', 'IDENTITY_WEB_PARTNER_CLIENT_SECRET']);
    expect(error.message).toMatch(/IDENTITY_WEB_PARTNER_CLIENT_ID is required with IDENTITY_WEB_PARTNER_ISSUER/);
  });

  it('refuses a partner client id or secret without IDENTITY_WEB_PARTNER_ISSUER', async () => {
    const error = await refusal({
      ...env,
      IDENTITY_WEB_PARTNER_CLIENT_ID: 'koa-web-app',
      IDENTITY_WEB_PARTNER_CLIENT_SECRET: 'a-secret-that-must-not-show-in-messages',
    });
    expect(error.variables).toEqual(['IDENTITY_WEB_PARTNER_CLIENT_ID', 'IDENTITY_WEB_PARTNER_CLIENT_SECRET']);
    expect(error.message).toMatch(/IDENTITY_WEB_PARTNER_CLIENT_SECRET applies with IDENTITY_WEB_PARTNER_ISSUER only/);
    expect(error.message).not.toContain('a-secret-that-must-not-show-in-messages');
  });

  it.each([
    ['http://idp.example.com', /IDENTITY_WEB_PARTNER_ISSUER was refused: .*"issuer"/],
    ['not a url', /IDENTITY_WEB_PARTNER_ISSUER was refused: .*"issuer"/],
    ['http://127.0.0.1:9', /IDENTITY_WEB_PARTNER_ISSUER must differ from IDENTITY_WEB_ISSUER/],
  ])('refuses IDENTITY_WEB_PARTNER_ISSUER=%j, naming it', async (issuer, message) => {
    const error = await refusal({
      ...env,
      IDENTITY_WEB_PARTNER_ISSUER: issuer,
      IDENTITY_WEB_PARTNER_CLIENT_ID: 'koa-web-app',
      IDENTITY_WEB_PARTNER_CLIENT_SECRET: PARTNER_SECRET,
    });
    expect(error.variables).toEqual(['IDENTITY_WEB_PARTNER_ISSUER']);
    expect(error.message).toMatch(message);
  });
});

describe('Koa web app with two providers', () => {
  let work: DemoIdp;
  let partner: DemoIdp;
  let app: RunningWebApp;
  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // One app registered at both, each provider's callback under its name.
    const client = { clientId: CLIENT_ID, baseUrl };
    work = await startDemoIdp({ clients: [{ ...client, clientSecret: WORK_SECRET, providerName: 'work' }] });
    partner = await startDemoIdp({ clients: [{ ...client, clientSecret: PARTNER_SECRET, providerName: 'partner' }] });
    app = await startKoaWebApp({
      ...exampleEnv(port),
      IDENTITY_WEB_ISSUER: work.issuer,
      IDENTITY_WEB_CLIENT_ID: CLIENT_ID,
      IDENTITY_WEB_CLIENT_SECRET: WORK_SECRET,
      IDENTITY_WEB_PARTNER_ISSUER: partner.issuer,
      IDENTITY_WEB_PARTNER_CLIENT_ID: CLIENT_ID,
      IDENTITY_WEB_PARTNER_CLIENT_SECRET: PARTNER_SECRET,
    });
  });
  afterAll(async () => {
    await app?.close();
    await partner?.close();
    await work?.close();
  });

  /** The links of the page `/auth/sign-in` answers without a provider: name → href. */
  function choices(html: string): Map<string, string> {
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)];
    return new Map(links.map(([, href = '', name = '']) => [name, href.replace(/&amp;/g, '&')]));
  }

  it('names both providers', () => {
    expect(app.identity.providers).toEqual(['work', 'partner']);
  });

  it('signs in through the chooser with either provider, and the home page says which one', async () => {
    const browser = new Browser('bob');
    const start = await browser.navigate(`${app.url}/`);
    expect(start.html).toContain('href="/auth/sign-in?returnTo=%2F"');
    const chooser = await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`);
    expect(chooser.status).toBe(200);
    const links = choices(chooser.html);
    expect([...links.keys()]).toEqual(['work', 'partner']);

    for (const [name, idp] of [
      ['partner', partner],
      ['work', work],
    ] as const) {
      const home = await browser.navigate(new URL(links.get(name) ?? '', app.url));
      expect(home.url.href).toBe(`${app.url}/`);
      expect(home.html).toContain('<h1>Hello Bob</h1>');
      expect(home.html).toContain(`Signed in with <strong>${name}</strong>`);
      expect(home.html).toContain(`<tr><th>issuer</th><td>${idp.issuer}</td></tr>`);
      const { account } = await browser.cache(app.url);
      expect(account?.key.startsWith(`${name}:`)).toBe(true);
      // RP-initiated sign-out goes to the end-session endpoint of this session's provider.
      const end = await browser.startSignOut(app.url);
      expect(end.origin).toBe(idp.issuer);
      expect((await browser.navigate(`${app.url}/`)).html).toContain('You are not signed in');
    }
  });
});
