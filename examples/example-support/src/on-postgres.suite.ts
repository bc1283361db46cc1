// An example app on a private PostgreSQL (`DATABASE_URL`), as two instances: a user signed in on
// one through the demo IdP is served by the other, and a sign-out on either reaches both.
// Skipped with one loud line without the server binaries, never with REQUIRE_POSTGRES=1.

import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrivatePostgres, postgresAvailable, startPrivatePostgres } from '../../demo/src/private-postgres.js';
import { Browser } from './browser.js';
import { exampleEnv } from './configuration.suite.js';
import { freePort } from './free-port.js';
import type { RunningWebApp, StartWebApp } from './types.js';

/** The app twice on one `DATABASE_URL`, signed in through the demo IdP (as `exampleEnv`'s client). */
export function describeOnPostgres(name: string, start: StartWebApp): void {
  describe.runIf(postgresAvailable(`${name} on PostgreSQL (DATABASE_URL)`))(`${name}: on PostgreSQL`, () => {
    const clientId = 'example-web-app';
    const clientSecret = 'example-web-app-secret-for-this-test-only';
    let postgres: PrivatePostgres;
    let idp: DemoIdp;
    let first: RunningWebApp;
    let second: RunningWebApp;
    beforeAll(async () => {
      postgres = await startPrivatePostgres(await freePort());
      const [port, secondPort] = [await freePort(), await freePort()];
      idp = await startDemoIdp({ clients: [{ clientId, clientSecret, baseUrl: `http://127.0.0.1:${port}` }] });
      // Two instances of one app: the same secret, database and cookie name, on two ports.
      const env = {
        ...exampleEnv(port),
        IDENTITY_WEB_ISSUER: idp.issuer,
        IDENTITY_WEB_CLIENT_SECRET: clientSecret,
        IDENTITY_WEB_SESSION_COOKIE: 'example.session',
        DATABASE_URL: postgres.url,
      };
      first = await start(env);
      second = await start({
        ...env,
        IDENTITY_WEB_BASE_URL: `http://127.0.0.1:${secondPort}`,
        PORT: String(secondPort),
      });
    }, 60_000);
    afterAll(async () => {
      await first?.close();
      await second?.close();
      await idp?.close();
      await postgres?.stop();
    });

    it('keeps sessions and tokens in PostgreSQL with DATABASE_URL, shared by every instance', async () => {
      const browser = new Browser('dora');
      expect((await browser.navigate(`${first.url}/auth/sign-in?returnTo=/`)).html).toContain('Hello Dora');
      // The second instance never saw this session: it reads it, and the account's tokens, from PostgreSQL,
      // which counts its rows (Redis, which never scans its keys, answers null).
      expect((await browser.navigate(`${second.url}/`)).html).toContain('Hello Dora');
      expect(await browser.cache(second.url)).toMatchObject({
        sessions: 1,
        cachedAccounts: 1,
        account: { cached: true },
      });
      // A sign-out on the second removes them from PostgreSQL, and the first drops its copies (NOTIFY).
      await browser.startSignOut(second.url);
      expect(await browser.cache(second.url)).toEqual({
        sessions: 0,
        cachedAccounts: 0,
        hotIndexAccounts: 0,
        account: null,
      });
      await expect
        .poll(async () => (await browser.navigate(`${first.url}/`)).html, { timeout: 2_000 })
        .toContain('You are not signed in');
    });
  });
}
