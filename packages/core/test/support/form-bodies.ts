// The request-body checks every adapter on Node's HTTP server runs: form_post callbacks and
// back-channel logout, whatever read the body first, and bodies sent in chunks.
import type { ScenarioWorld } from '@identity-web/core/testing';
import { expect } from 'vitest';
import { type ServedApp, send } from './node-http-app.js';

export const BACK_CHANNEL = '/auth/back-channel-logout';
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** A form POST straight to the app's socket, in `chunks` pieces (chunked encoding when more than one). */
export function postForm(world: ScenarioWorld, path: string, body: string, chunks: number): Promise<Response> {
  return send(new URL(path, (world.app as ServedApp).origin), 'POST', new Headers(FORM), body, chunks);
}

/**
 * A form_post sign-in, then a back-channel logout of it: a repeated `logout_token` is refused
 * (whatever parsed the body kept the repetition), the single one ends the session and empties
 * the account's token cache.
 */
export async function formPostSignInThenBackChannelLogout(world: ScenarioWorld): Promise<void> {
  const alice = await world.signIn('alice', { sid: 's-a', formPost: true });
  expect((await alice.browser.fetch('/me', { accept: 'json' })).status).toBe(200);
  const token = await world.idp.logoutToken({ sid: 's-a' });
  const twice = await world.browser().fetch(BACK_CHANNEL, {
    method: 'POST',
    headers: FORM,
    body: `logout_token=${token}&logout_token=${token}`,
  });
  expect(twice.status).toBe(400); // a repeated parameter survives whatever parsed the body
  expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
  const logout = await world.browser().post(BACK_CHANNEL, { logout_token: token });
  expect(logout.status).toBe(200);
  expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
  expect(await world.tokenCache.getPartition(alice.accountKey)).toBeNull();
}
