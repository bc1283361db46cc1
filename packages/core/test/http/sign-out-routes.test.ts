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
/** The page's message is `message`, or with `opening`, starts with it. */
async function refused(response: Response, status: number, message: string, opening = false) {
  expect(response.status).toBe(status);
  expect(await response.text()).toContain(opening ? `<p>${message}` : `<p>${message}</p>`);
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
        'the sign-out request lacks a valid CSRF token: post the form field &quot;csrf&quot;',
        true,
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
      'the request to end a session lacks a valid CSRF token: post the form field &quot;csrf&quot;',
      true,
    );
    await refused(await world.browser().post('/auth/sign-out-session', form), 401, 'no user is signed in');
    expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
  });
});

describe('GET /auth/sign-out (a link, where a form belongs)', () => {
  it('shows a browser a page that says how to sign out: a POST form with the "csrf" field; a script gets JSON', async () => {
    world = await createScenarioWorld(webApp);
    const page = await world.browser().fetch('/auth/sign-out');
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('POST');
    expect(page.headers.get('content-type')).toContain('text/html');
    const text = await page.text();
    expect(text).toContain('Signing out takes a POST from a form');
    expect(text).toContain('the hidden field &quot;csrf&quot; set to auth.csrfToken');
    expect(text).toContain('&lt;form method=&quot;post&quot; action=&quot;/auth/sign-out&quot;&gt;');
    const api = await world.browser().fetch('/auth/sign-out', { accept: 'json' });
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('POST');
    expect(await api.json()).toMatchObject({ error: 'method_not_allowed' });
  });
});

describe('a Shared Signals push where the app receives none', () => {
  it('is left to the app and says once how to turn Shared Signals on', async () => {
    const warned: { event: unknown; message: string }[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn(fields: Record<string, unknown>, message: string) {
        warned.push({ event: fields.event, message });
      },
    };
    world = await createScenarioWorld(webApp, { logger });
    for (let i = 0; i < 2; i++) {
      const pushed = await world.browser().fetch('/auth/security-events', {
        method: 'POST',
        accept: 'json',
        headers: { 'content-type': 'application/secevent+jwt' },
        body: 'a.b.c',
      });
      expect(pushed.status).not.toBe(202); // the app's own answer (this test app asks for a sign-in)
    }
    const notes = warned.filter(({ event }) => event === 'security_event_push_unconfigured');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain('createIdentityWeb({ sharedSignals: { transmitter } })');
  });
});
