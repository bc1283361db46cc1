import { inspect } from 'node:util';
import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';

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
    let seen: Context | undefined;
    const app = new Hono<IdentityWebEnv>();
    app.use(identityWeb(identity));
    app.get('/page', (c) => {
      seen = c;
      return c.text('ok');
    });
    // requireAuth() still finds it.
    app.get('/private', requireAuth(), (c) => c.text('private'));
    expect((await app.request('/page')).status).toBe(200);
    expect((await app.request('/private', { headers: { accept: 'application/json' } })).status).toBe(401);
    expect(inspect(seen, { depth: 12 })).not.toContain(SECRET);
    const copied = Object.getOwnPropertySymbols({ ...seen }).map((symbol) => symbol.description);
    expect(copied.filter((name) => name?.includes('identity-web'))).toEqual([]);
    expect(JSON.stringify(Object.assign({}, seen))).not.toContain(SECRET);
    identity.close();
  });
});
