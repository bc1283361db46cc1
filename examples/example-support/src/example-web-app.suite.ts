import { systemClock } from '@identity-web/core/provider';
import { MemorySessionStore } from '@identity-web/core/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser } from './browser.js';
import { describeConfiguration, exampleEnv } from './configuration.suite.js';
import { freePort } from './free-port.js';
import { describeOnPostgres } from './on-postgres.suite.js';
import type { RunningWebApp, StartWebApp } from './types.js';

export { exampleEnv };

/** What every example web app must do, whatever its framework. */
export function describeExampleWebApp(name: string, start: StartWebApp): void {
  describeConfiguration(name, start);
  describeOnPostgres(name, start);

  describe(`${name}: running`, () => {
    let app: RunningWebApp;
    const browser = new Browser();
    beforeAll(async () => {
      app = await start(exampleEnv(await freePort()));
    });
    afterAll(async () => {
      await app?.close();
    });

    it('shows a visitor a sign-in link', async () => {
      const home = await browser.navigate(`${app.url}/`);
      expect(home.status).toBe(200);
      expect(home.html).toContain('You are not signed in');
      expect(home.html).toContain('href="/auth/sign-in?returnTo=%2F"');
    });

    it('sends a browser to sign in from /call-api, and answers a script 401 JSON', async () => {
      const navigation = await browser.request(new URL(`${app.url}/call-api`));
      expect(navigation.status).toBe(302);
      expect(navigation.headers.get('location')).toBe('/auth/sign-in?returnTo=%2Fcall-api');
      const script = await browser.json(`${app.url}/call-api`);
      expect(script).toMatchObject({ status: 401, body: { error: 'not_authenticated' } });
    });

    it('shows an empty token cache', async () => {
      const cache = await browser.json(`${app.url}/cache.json`);
      expect(cache.body).toEqual({ sessions: 0, cachedAccounts: 0, hotIndexAccounts: 0, account: null });
      const page = await browser.navigate(`${app.url}/cache`);
      expect(page.html).toContain('<td id="cached-accounts">0</td>');
    });

    it('serves Prometheus metrics', async () => {
      const response = await browser.request(new URL(`${app.url}/metrics`), { accept: 'text/plain' });
      expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const text = await response.text();
      expect(text).toMatch(/^identity_web_sessions 0$/m);
      expect(text).toMatch(/^identity_web_cached_accounts 0$/m);
      expect(text).toContain('# TYPE identity_web_sign_ins_total counter');
    });

    it('answers with an error page, and stays up, when the identity provider cannot be reached', async () => {
      const signIn = await browser.request(new URL(`${app.url}/auth/sign-in?returnTo=/`));
      expect(signIn.status).toBeGreaterThanOrEqual(500);
      expect(await signIn.text()).not.toContain('127.0.0.1:9'); // no internals on the page
      expect((await browser.navigate(`${app.url}/`)).status).toBe(200);
    });

    it('rejects, and releases what it built, when its port is taken', async () => {
      const port = new URL(app.url).port;
      await expect(start({ ...exampleEnv(Number(port)) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    });
  });

  it(`${name}: answers an unexpected error with a plain 500 that shows no internals, logs it, and stays up`, async () => {
    // A session store that fails in a way identity-web does not know (not an outage it maps to a 503).
    const broken = new MemorySessionStore(systemClock);
    broken.countSessions = async () => {
      throw new Error('the session store broke at /srv/secret/path');
    };
    const logged: unknown[] = [];
    const log = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(...args));
    const app = await start(exampleEnv(await freePort()), { sessionStore: broken });
    try {
      const browser = new Browser();
      const failed = await browser.request(new URL(`${app.url}/cache.json`));
      expect(failed.status).toBe(500);
      const body = await failed.text();
      expect(body).not.toContain('/srv/secret/path');
      expect(body).not.toMatch(/\bat .+:\d+:\d+/); // no stack trace
      expect(logged.map(String).join('\n')).toContain('the session store broke at /srv/secret/path');
      expect((await browser.navigate(`${app.url}/`)).html).toContain('You are not signed in');
    } finally {
      log.mockRestore();
      await app.close();
    }
  });

  it(`${name}: keeps sessions and tokens in Redis with REDIS_URL, and starts while Redis is away`, async () => {
    const port = await freePort();
    // Nothing listens there: connections open in the background, and no page here needs them.
    const app = await start({ ...exampleEnv(port), REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    try {
      const browser = new Browser();
      expect((await browser.navigate(`${app.url}/`)).html).toContain('You are not signed in');
      // Redis stores do not count their keys (no keyspace scans), so the counts are unknown.
      expect((await browser.json(`${app.url}/cache.json`)).body).toEqual({
        sessions: null,
        cachedAccounts: null,
        hotIndexAccounts: 0,
        account: null,
      });
    } finally {
      await app.close();
    }
  });

  it(`${name}: starts on Microsoft Entra ID (IDENTITY_WEB_IDP=msal) with a tenant, the issuer unset`, async () => {
    const env = { ...exampleEnv(await freePort()), IDENTITY_WEB_IDP: 'msal', IDENTITY_WEB_TENANT: 'common' };
    const app = await start({ ...env, IDENTITY_WEB_ISSUER: undefined });
    try {
      expect((await new Browser().navigate(`${app.url}/`)).html).toContain('You are not signed in');
    } finally {
      await app.close();
    }
  });
}
