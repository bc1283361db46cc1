import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { identityWeb, requireAuth } from '../src/index.js';
import { serve } from './support/app.js';

// A newcomer's mistakes: a factory mounted without its call answers at once with a message that
// names the fix (Koa's 500, and its 'error' event), never a request that hangs.
const identities: { close(): void }[] = [];
afterEach(() => {
  for (const identity of identities.splice(0)) identity.close();
});

async function firstError(app: Koa): Promise<unknown> {
  let caught: unknown;
  app.silent = true;
  app.on('error', (error: unknown) => {
    caught = error;
  });
  const served = await serve(app);
  try {
    expect((await served.fetch('/x', { signal: AbortSignal.timeout(5000) })).status).toBe(500);
    return caught;
  } finally {
    await served.close();
  }
}

describe('a factory mounted without its call', () => {
  it('identityWeb: says to call it with the identity', async () => {
    const app = new Koa();
    app.use(identityWeb as unknown as Middleware);
    expect(await firstError(app)).toMatchObject({
      message: expect.stringContaining('identityWeb is mounted without its call: mount identityWeb(identity)'),
    });
  });

  it('requireAuth: says to mount requireAuth()', async () => {
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
    });
    identities.push(identity);
    const app = new Koa();
    const router = new Router();
    router.get('/x', requireAuth as unknown as Middleware, (ctx) => {
      ctx.body = 'never';
    });
    app.use(identityWeb(identity)).use(router.routes());
    expect(await firstError(app)).toMatchObject({
      message: expect.stringContaining('requireAuth is mounted without its call: mount requireAuth()'),
    });
  });
});
