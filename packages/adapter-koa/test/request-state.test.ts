import { inspect } from 'node:util';
import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import Koa, { type ParameterizedContext } from 'koa';
import { describe, expect, it } from 'vitest';
import { identityWeb, requireAuth } from '../src/index.js';
import { send, serve } from './support/app.js';

const SECRET = 'a-secret-that-must-never-be-shown-0000';

describe('the state identityWeb() leaves on the request context', () => {
  it('is not shown by inspecting, spreading or copying the context', async () => {
    const clock = new ManualClock();
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(clock),
      baseUrl: 'http://localhost:3000',
      secret: SECRET,
      clock,
    });
    let seen: ParameterizedContext | undefined;
    const app = new Koa();
    app.use(identityWeb(identity));
    const guard = requireAuth();
    app.use(async (ctx, next) => {
      if (ctx.path === '/page') {
        seen = ctx;
        ctx.body = 'ok';
        return;
      }
      // requireAuth() still finds it.
      await guard(ctx, next);
    });
    const served = await serve(app);
    try {
      expect((await served.fetch('/page')).status).toBe(200);
      const json = new Headers({ accept: 'application/json' });
      expect((await send(new URL('/private', served.origin), 'GET', json)).status).toBe(401);
    } finally {
      await served.close();
      identity.close();
    }
    expect(inspect(seen, { depth: 12, showProxy: false })).not.toContain(SECRET);
    const copied = Object.getOwnPropertySymbols({ ...seen }).map((symbol) => symbol.description);
    expect(copied.filter((name) => name?.includes('identity-web'))).toEqual([]);
  });
});
