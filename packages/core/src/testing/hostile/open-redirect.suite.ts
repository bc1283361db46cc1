import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenarioWorld } from '../adapter-scenarios.js';
import { locationOf } from '../browser.js';
import { SCENARIO_BASE_URL, type ScenarioAppFactory, type ScenarioWorld, type SignedIn } from '../scenario-world.js';
import { OPEN_REDIRECT_PAYLOADS } from './open-redirect.payloads.js';

/** The message of a 400 `invalid_return_to` (the HTML error page shows messages, not codes). */
const REFUSED = 'returnTo must be a path on this site';
/** A scheme, a network-path reference (`//host`) or its backslash spelling (`/\host`). */
const NOT_A_PATH = /^(\/\/|\/\\|[a-z][a-z0-9+.-]*:)/i;
/** Controls, spaces and backslashes: browsers drop or rewrite them before resolving a Location. */
const mangledByBrowsers = (text: string) =>
  [...text].some((c) => c.charCodeAt(0) <= 0x20 || c === '\u007f' || c === '\\');

/** Why a redirect's Location is unsafe, or `null` when it stays on the app's origin as a plain path. */
function offOrigin(location: string | null): string | null {
  if (location === null) return 'no Location header';
  const shown = JSON.stringify(location.slice(0, 80));
  if (new URL(location, SCENARIO_BASE_URL).origin !== SCENARIO_BASE_URL) return `Location ${shown} leaves the origin`;
  if (NOT_A_PATH.test(location)) return `Location ${shown} is not a plain path`;
  if (mangledByBrowsers(location)) return `Location ${shown} holds a character browsers rewrite`;
  return null;
}

async function refusal(response: Response): Promise<string | null> {
  const body = await response.text();
  return body.includes(REFUSED) ? null : `400 for another reason: ${body.slice(0, 200)}`;
}

/** The whole sign-in: refused up front, or completed with a Location on this origin. */
async function throughSignIn(world: ScenarioWorld, payload: string, sid: string): Promise<string | null> {
  const browser = world.browser();
  const start = await browser.fetch(`/auth/sign-in?returnTo=${encodeURIComponent(payload)}`);
  if (start.status === 400) return refusal(start);
  if (start.status !== 302) return `sign-in answered ${start.status}`;
  const params = world.idp.login(locationOf(start), 'redirect-tester', sid);
  const callback = await browser.fetch(`/auth/callback?${params}`);
  if (callback.status !== 302) return `callback answered ${callback.status}`;
  return offOrigin(callback.headers.get('location'));
}

/**
 * The whole sign-out: refused up front (the session lives on), or sent through the IdP's
 * end-session URL back to `/signed-out`, whose final Location stays on this origin.
 */
async function throughSignOut(world: ScenarioWorld, user: SignedIn, payload: string): Promise<string | null> {
  const response = await user.browser.post('/auth/sign-out', { csrf: user.csrfToken, returnTo: payload });
  if (response.status === 400) {
    if ((await world.sessions.getSession(user.sessionId)) === null) return 'a refused sign-out ended the session';
    return refusal(response);
  }
  if (response.status !== 303) return `sign-out answered ${response.status}`;
  const state = new URL(response.headers.get('location')!, SCENARIO_BASE_URL).searchParams.get('state');
  if (state === null) return 'the sign-out redirect carries no state';
  const back = await user.browser.fetch(`/auth/signed-out?state=${encodeURIComponent(state)}`);
  if (back.status !== 303) return `signed-out answered ${back.status}`;
  return offOrigin(back.headers.get('location'));
}

/**
 * Every open-redirect payload through `GET /sign-in?returnTo=` (then the IdP and the callback)
 * and through `POST /sign-out` (then the IdP and `/signed-out`), on the app an adapter builds
 * (see `ScenarioApp`). Each must be refused with `invalid_return_to` or end on this origin.
 *
 * @group Test suites
 */
export function describeOpenRedirectCorpus(name: string, factory: ScenarioAppFactory): void {
  describe(`${name}: open-redirect corpus`, () => {
    let world: ScenarioWorld;
    let signIns = 0;
    // A refused sign-out leaves the session, so one signed-in user serves until a sign-out succeeds.
    let user: SignedIn | null = null;
    const signedIn = async () => {
      user ??= await world.signIn('redirect-tester', { sid: `sid-${++signIns}` });
      return user;
    };

    beforeAll(async () => {
      world = await createScenarioWorld(factory);
    });
    afterAll(async () => {
      world.identity.close();
      await world.app.close?.();
    });

    it('holds at least 200 distinct payloads', () => {
      const all = new Set(OPEN_REDIRECT_PAYLOADS.flatMap((g) => g.payloads));
      expect(all.size).toBeGreaterThanOrEqual(200);
    });

    for (const group of OPEN_REDIRECT_PAYLOADS) {
      const mustWork = group.name === 'same-origin paths';
      it(`sign-in returnTo: ${group.name}`, async () => {
        const failures: string[] = [];
        for (const payload of group.payloads) {
          const problem = await throughSignIn(world, payload, `sid-${++signIns}`);
          if (problem) failures.push(`${JSON.stringify(payload.slice(0, 80))}: ${problem}`);
          else if (mustWork && !(await world.registry.findBySid(world.idp.issuer, `sid-${signIns}`)).length) {
            failures.push(`${JSON.stringify(payload)}: a same-origin path was refused`);
          }
        }
        expect(failures).toEqual([]);
      });

      it(`sign-out returnTo: ${group.name}`, async () => {
        const failures: string[] = [];
        for (const payload of group.payloads) {
          const current = await signedIn();
          const problem = await throughSignOut(world, current, payload);
          const signedOut = (await world.sessions.getSession(current.sessionId)) === null;
          if (signedOut) user = null;
          if (problem) failures.push(`${JSON.stringify(payload.slice(0, 80))}: ${problem}`);
          else if (mustWork && !signedOut) failures.push(`${JSON.stringify(payload)}: a same-origin path was refused`);
        }
        expect(failures).toEqual([]);
      });
    }
  });
}
