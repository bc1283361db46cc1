// The app against a provider that releases the profile claims from its UserInfo endpoint only,
// as OpenID Connect Core 1.0 §5.4 allows when an access token is issued: the demo IdP with
// `interop.profileClaimsInUserInfoOnly`. The app's environment is the usual one: reading
// UserInfo at sign-in is @identity-web/oidc's default (`userinfo: 'auto'`).

import { type DemoIdp, startDemoIdp } from '@identity-web-examples/demo-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from './browser.js';
import { exampleEnv } from './configuration.suite.js';
import { freePort } from './free-port.js';
import type { RunningWebApp, StartWebApp } from './types.js';

/** The claims of a JWT, unverified: what the provider put in it. */
function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** An example app greets a user by the name only UserInfo released. `clientId`: its registration at the demo IdP. */
export function describeProfileClaimsInUserInfo(name: string, clientId: string, start: StartWebApp): void {
  describe(`${name}: a provider that releases profile claims from UserInfo only`, () => {
    const clientSecret = `${clientId}-secret-for-this-test-only`;
    let idp: DemoIdp;
    let app: RunningWebApp;
    beforeAll(async () => {
      const port = await freePort();
      idp = await startDemoIdp({
        clients: [{ clientId, clientSecret, baseUrl: `http://127.0.0.1:${port}` }],
        interop: { profileClaimsInUserInfoOnly: true },
      });
      app = await start({
        ...exampleEnv(port),
        IDENTITY_WEB_ISSUER: idp.issuer,
        IDENTITY_WEB_CLIENT_ID: clientId,
        IDENTITY_WEB_CLIENT_SECRET: clientSecret,
      });
    });
    afterAll(async () => {
      await app?.close();
      await idp?.close();
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
