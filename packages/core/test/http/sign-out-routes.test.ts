import { createScenarioWorld, locationOf, type ScenarioWorld } from '@identity-web/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionHandle } from '../../src/use-cases/user-sessions.js';
import { webApp } from '../support/web-app.js';

// `POST /sign-out` and `POST /sign-out-session` over HTTP: the answers of each check, by status and
// by message, and what a request from the app's own origin is allowed.

const ORIGIN = 'http://localhost:3000';
let world: ScenarioWorld;
afterEach(async () => world?.close());

/** An error page (the routes answer forms, so HTML) with its status and message. */
async function refused(response: Response, status: number, message: string) {
  expect(response.status).toBe(status);
  expect(await response.text()).toContain(`<p>${message}</p>`);
}

describe('POST /auth/sign-out', () => {
  it('signs out a form from the app’s own origin, with the CSRF token in the form or the X-CSRF-Token header', async () => {
    world = await createScenarioWorld(webApp);
    const alice = await world.signIn('alice');
    const signedOut = await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken }, { origin: ORIGIN });
    expect(signedOut.status).toBe(303);
    expect(locationOf(signedOut).origin).toBe('https://idp.test');
    const bob = await world.signIn('bob');
    const byHeader = await bob.browser.post('/auth/sign-out', {}, { 'x-csrf-token': bob.csrfToken });
    expect(byHeader.status).toBe(303);
    expect(await world.sessions.getSession(bob.sessionId)).toBeNull();
  });

  it('refuses another site and a missing or wrong CSRF token, each with its own message', async () => {
    world = await createScenarioWorld(webApp);
    const alice = await world.signIn('alice');
    await refused(
      await alice.browser.post('/auth/sign-out', { csrf: alice.csrfToken }, { origin: 'https://evil.test' }),
      403,
      'the sign-out request came from another site',
    );
    for (const form of [{}, { csrf: 'wrong' }] as Record<string, string>[]) {
      await refused(
        await alice.browser.post('/auth/sign-out', form),
        403,
        'the sign-out request lacks a valid CSRF token',
      );
    }
    expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
  });

  it('without a session, ends nothing and sends the browser to the signed-out page with a state of its own', async () => {
    world = await createScenarioWorld(webApp);
    const response = await world.browser().post('/auth/sign-out', {});
    expect(response.status).toBe(303);
    const target = locationOf(response);
    expect(target.pathname).toBe('/auth/signed-out');
    expect(target.searchParams.get('state')).toMatch(/^[\w-]{16,}$/);
  });
});

describe('POST /auth/sign-out-session', () => {
  it('ends one of the user’s sessions for a form from the app’s own origin', async () => {
    world = await createScenarioWorld(webApp);
    const laptop = await world.signIn('alice', { sid: 's-laptop' });
    const phone = await world.signIn('alice', { sid: 's-phone' });
    const ended = await laptop.browser.post(
      '/auth/sign-out-session',
      { session: await sessionHandle(phone.sessionId), returnTo: '/sessions' },
      { origin: ORIGIN, 'x-csrf-token': laptop.csrfToken },
    );
    expect(ended.status).toBe(303);
    expect(ended.headers.get('location')).toBe('/sessions');
    expect(await world.sessions.getSession(phone.sessionId)).toBeNull();
    expect(await world.sessions.getSession(laptop.sessionId)).not.toBeNull();
  });

  it('refuses another site, a missing CSRF token and a request without a session, each with its own message', async () => {
    world = await createScenarioWorld(webApp);
    const alice = await world.signIn('alice');
    const form = { session: await sessionHandle(alice.sessionId) };
    await refused(
      await alice.browser.post(
        '/auth/sign-out-session',
        { ...form, csrf: alice.csrfToken },
        { origin: 'https://evil.test' },
      ),
      403,
      'the request to end a session came from another site',
    );
    await refused(
      await alice.browser.post('/auth/sign-out-session', form),
      403,
      'the request to end a session lacks a valid CSRF token',
    );
    await refused(await world.browser().post('/auth/sign-out-session', form), 401, 'no user is signed in');
    expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
  });
});
