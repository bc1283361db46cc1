import { expect } from 'vitest';
import type { Scenario, ScenarioWorld } from '../scenario-world.js';

// The bodies of the auth routes' POSTs (form_post callbacks, back-channel logout, sign-out),
// read by the adapter with no body parser in front: whole or chunked, and never past the limit.

/** The back-channel logout route, which reads a form body. */
export const BACK_CHANNEL = '/auth/back-channel-logout';
/** The `content-type` of a form POST. */
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' } as const;

/** `text` as a request stream of `chunks` pieces: sent chunked, with no `Content-Length`. */
function streamOf(text: string, chunks: number): ReadableStream<Uint8Array> {
  const size = Math.ceil(text.length / chunks);
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(new TextEncoder().encode(text.slice(i, i + size)));
  return new ReadableStream({
    pull(controller) {
      const piece = pieces.shift();
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
  });
}

/** A form POST of `body` to `path`: declared whole when `chunks` is 1, else streamed in `chunks` pieces. */
function postForm(world: ScenarioWorld, path: string, body: string, chunks: number): Promise<Response> {
  const init = { method: 'POST', headers: FORM, accept: 'json' as const };
  if (chunks === 1) return world.browser().fetch(path, { ...init, body });
  return world.browser().fetch(path, { ...init, body: streamOf(body, chunks), duplex: 'half' } as RequestInit);
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

export const requestBodyScenarios: Scenario[] = [
  {
    name: 'request bodies: reads form_post callbacks and logout tokens, and refuses a repeated logout_token',
    run: formPostSignInThenBackChannelLogout,
  },
  {
    name: 'request bodies: reads a logout token from a chunked request stream',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's-a' });
      const token = await world.idp.logoutToken({ sid: 's-a' });
      expect((await postForm(world, BACK_CHANNEL, `logout_token=${token}`, 4)).status).toBe(200);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    },
  },
  {
    name: 'request bodies: answers a body over 64 KiB with 400, whether declared or streamed, and keeps serving',
    async run(world) {
      const alice = await world.signIn('alice', { sid: 's-a' });
      const token = await world.idp.logoutToken({ sid: 's-a' });
      const huge = `logout_token=${token}&padding=${'x'.repeat(70 * 1024)}`;
      for (const chunks of [1, 8]) {
        const response = await postForm(world, BACK_CHANNEL, huge, chunks);
        expect(response.status, `${chunks} chunk(s)`).toBe(400);
        expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
      }
      expect(await world.sessions.getSession(alice.sessionId)).not.toBeNull();
      expect((await world.browser().post(BACK_CHANNEL, { logout_token: token })).status).toBe(200);
    },
  },
  {
    name: 'request bodies: signs out with an empty body, the CSRF token in the header',
    async run(world) {
      const alice = await world.signIn('alice');
      const headers = { ...FORM, 'content-length': '0', 'x-csrf-token': alice.csrfToken };
      const signOut = await alice.browser.fetch('/auth/sign-out', { method: 'POST', headers });
      expect(signOut.status).toBe(303);
      expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
    },
  },
];
