import { afterEach, describe, expect, it } from 'vitest';
import { originScenarios } from '../../core/src/testing/scenarios/origin.scenarios.js';
import { describeScenarioGroup } from '../../core/test/support/scenario-group.js';
import { closeWorlds, koaScenarioApp, koaWorld } from './support/app.js';

// The origin rules (baseUrl, never the request; Secure cookies behind a TLS proxy) are shared
// scenarios; here they run again with Koa trusting the proxy (`app.proxy`).
describeScenarioGroup('koa trusting the proxy', originScenarios, koaScenarioApp({ proxy: true }));

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => line.toLowerCase());
}

describe('identityWeb cookies through Koa’s cookie jar', () => {
  afterEach(closeWorlds);

  it('turns max-age seconds into the expiry date Koa writes, and deletes cookies with a past date', async () => {
    const world = await koaWorld();
    const alice = await world.signIn('alice');
    const signOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken });
    const session = setCookies(signOut).find((l) => l.startsWith('iw.session.3000='))!;
    expect(session).toMatch(/^iw\.session\.3000=;/);
    expect(session).toContain('expires=thu, 01 jan 1970');
    // `cookies` (Koa's jar) writes Expires only, computed from maxAge in milliseconds.
    const logoutState = setCookies(signOut).find((l) => !l.startsWith('iw.session.3000='))!;
    const expires = Date.parse(/expires=([^;]+)/.exec(logoutState)![1]!);
    expect(Math.abs(expires - (Date.now() + 600_000))).toBeLessThan(5_000);
  });
});
