import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { FORM, formPostSignInThenBackChannelLogout } from '../../core/test/support/form-bodies.js';
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

// Whole, chunked and oversized bodies with no parser: the shared scenarios. Here, Koa's body parsers.
describe('identityWeb request bodies behind a body parser', () => {
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
});
