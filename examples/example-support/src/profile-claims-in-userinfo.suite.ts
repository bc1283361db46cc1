// The app against a provider that releases the profile claims from its UserInfo endpoint only,
// as OpenID Connect Core 1.0 §5.4 allows when an access token is issued: the demo IdP with
// `interop.profileClaimsInUserInfoOnly`. The app's environment is the usual one: reading
// UserInfo at sign-in is @identity-web/oidc's default (`userinfo: 'auto'`).

import { type DemoIdp, type MisbehavingContext, startDemoIdp } from '@identity-web-examples/demo-idp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browser } from './browser.js';
import { exampleEnv } from './configuration.suite.js';
import { freePort } from './free-port.js';
import type { RunningWebApp, StartWebApp } from './types.js';

/** The claims of a JWT, unverified: what the provider put in it. */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** How the provider's UserInfo endpoint (`/me`) fails a sign-in's request, or `null`: it answers. */
type UserInfoFault = 'refuses the token' | 'answers 500' | 'answers for another sub' | null;

/** Makes `/me` fail as `fault` says, after the provider's own handling where there is one. */
async function faultyUserInfo(fault: UserInfoFault, ctx: MisbehavingContext, next: () => Promise<void>) {
  if (ctx.path !== '/me' || fault === null) return next();
  if (fault === 'refuses the token') {
    // An audience-bound access token, say: RFC 6750 §3.1 `invalid_token`.
    ctx.status = 401;
    ctx.response.set('www-authenticate', 'Bearer error="invalid_token"');
    ctx.body = '';
    return;
  }
  if (fault === 'answers 500') {
    ctx.status = 500;
    ctx.body = '';
    return;
  }
  await next();
  ctx.body = { ...(ctx.body as Record<string, unknown>), sub: 'mallory', name: 'Mallory' };
}

/**
 * An example app greets a user by the name only UserInfo released; when UserInfo refuses the
 * sign-in's token or answers 5xx, it signs the user in all the same and logs one warning; when
 * UserInfo answers for another subject, the sign-in fails. `clientId`: its registration at the demo IdP.
 */
export function describeProfileClaimsInUserInfo(name: string, clientId: string, start: StartWebApp): void {
  describe(`${name}: a provider that releases profile claims from UserInfo only`, () => {
    const clientSecret = `${clientId}-secret-for-this-test-only`;
    let idp: DemoIdp;
    let app: RunningWebApp;
    let fault: UserInfoFault = null;
    beforeAll(async () => {
      const port = await freePort();
      idp = await startDemoIdp({
        clients: [{ clientId, clientSecret, baseUrl: `http://127.0.0.1:${port}` }],
        interop: { profileClaimsInUserInfoOnly: true },
        misbehave: (ctx, next) => faultyUserInfo(fault, ctx, next),
      });
      app = await start({
        ...exampleEnv(port),
        IDENTITY_WEB_ISSUER: idp.issuer,
        IDENTITY_WEB_CLIENT_ID: clientId,
        IDENTITY_WEB_CLIENT_SECRET: clientSecret,
        IDENTITY_WEB_LOG_LEVEL: 'warn', // the apps' default: warnings are heard
      });
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    afterEach(() => {
      fault = null;
      vi.restoreAllMocks();
    });

    /** The app's warn lines (its logger writes `[identity-web] warn …` to stderr) while `run` runs. */
    async function warnLines(run: () => Promise<void>): Promise<string[]> {
      const lines: string[] = [];
      const write = console.error;
      vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        const line = String(args[0]);
        if (line.startsWith('[identity-web] warn ')) lines.push(line);
        else write(...args);
      });
      await run();
      return lines;
    }

    it.each(['refuses the token', 'answers 500'] as const)(
      'signs the user in with the ID token’s claims, and logs one warning, when UserInfo %s',
      async (how) => {
        fault = how;
        const browser = new Browser('bob.jones');
        let home: Awaited<ReturnType<Browser['navigate']>> | undefined;
        const lines = await warnLines(async () => {
          home = await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`);
        });
        expect(home?.url.href).toBe(`${app.url}/`);
        expect(home?.status).toBe(200);
        expect(home?.html).toContain('<tr><th>subject</th><td>bob.jones</td></tr>');
        expect(home?.html).not.toContain('Bob Jones'); // the name was in UserInfo only
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain("UserInfo failed, signed in with the ID token's claims");
        expect(lines[0]).toContain(how === 'answers 500' ? 'HTTP 500' : 'refused the access token of the sign-in');
        expect(lines[0]).toContain('userinfo: false'); // the fix
      },
    );

    it('refuses the sign-in when UserInfo answers for another subject', async () => {
      fault = 'answers for another sub';
      const browser = new Browser('carol.white');
      const page = await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`);
      expect(page.status).toBe(400);
      expect(page.url.pathname).toBe('/auth/callback');
      expect(page.html).toContain('names another subject than the ID token');
      expect((await browser.cache(app.url)).account).toBeNull();
    });

    it('greets the user by the name UserInfo released, the ID token naming them by sub alone', async () => {
      const browser = new Browser('alice.smith');
      const home = await browser.navigate(`${app.url}/auth/sign-in?returnTo=%2F`);
      expect(browser.prompts).toEqual(['login', 'consent']);
      expect(home.url.href).toBe(`${app.url}/`);
      expect(home.html).toContain('<h1>Hello Alice Smith</h1>');
      expect(home.html).toContain('<tr><th>username</th><td>alice.smith</td></tr>');
      // The app's ID token, as it hands it back to the provider at sign-out.
      const idToken = claimsOf((await browser.startSignOut(app.url)).searchParams.get('id_token_hint') ?? '');
      expect(idToken).toMatchObject({ iss: idp.issuer, sub: 'alice.smith' });
      expect(idToken).not.toHaveProperty('name');
      expect(idToken).not.toHaveProperty('preferred_username');
    });
  });
}
