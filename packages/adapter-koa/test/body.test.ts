import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BACK_CHANNEL,
  FORM,
  formPostSignInThenBackChannelLogout,
  postForm,
} from '../../core/test/support/form-bodies.js';
import { closeWorlds, koaWorld } from './support/app.js';

/** A parser that consumes the stream and keeps only the parsed form (no rawBody), like koa-body. */
const parsedOnly: Middleware = async (ctx, next) => {
  if (ctx.is('urlencoded')) {
    let text = '';
    for await (const chunk of ctx.req) text += chunk;
    const body: Record<string, string | string[]> = {};
    for (const [name, value] of new URLSearchParams(text)) {
      const seen = body[name];
      body[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    (ctx.request as { body?: unknown }).body = body;
  }
  await next();
};

describe('identityWeb request bodies', () => {
  afterEach(closeWorlds);

  it('reads form_post callbacks and logout tokens after @koa/bodyparser consumed the stream', async () => {
    await formPostSignInThenBackChannelLogout(await koaWorld({ before: [bodyParser()] }));
  });

  it('reads them from a parsed ctx.request.body when no raw body was kept', async () => {
    await formPostSignInThenBackChannelLogout(await koaWorld({ before: [parsedOnly] }));
  });

  it('signs out with an empty body (CSRF in the header) after @koa/bodyparser read it', async () => {
    const world = await koaWorld({ before: [bodyParser()] });
    const alice = await world.signIn('alice');
    const headers = { ...FORM, 'content-length': '0', 'x-csrf-token': alice.csrfToken };
    const signOut = await alice.browser.fetch('/auth/sign-out', { method: 'POST', headers });
    expect(signOut.status).toBe(303);
    expect(await world.sessions.getSession(alice.sessionId)).toBeNull();
  });

  it('reads them from a chunked request stream', async () => {
    const world = await koaWorld();
    await world.signIn('alice', { sid: 's-a' });
    const token = await world.idp.logoutToken({ sid: 's-a' });
    expect((await postForm(world, BACK_CHANNEL, `logout_token=${token}`, 4)).status).toBe(200);
  });

  it('answers a body over 64 KiB with 400, whether declared or streamed, and keeps serving', async () => {
    const world = await koaWorld();
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
  });
});
