import type { AuthContext } from '@identity-web/core/adapter';
import { type IdentityWebEnv, type IdentityWebVariables, identityWeb, requireAuth } from '@identity-web/hono';
import { Hono, type MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
// The core's body limit is no export of /adapter (an adapter reads the limit it is asked for).
import { MAX_FORM_BYTES } from '../../core/src/http/form.js';
import {
  expectMiddlewareOptionsRefused,
  itRefusesBadRequireAuthOptions,
} from '../../core/test/support/adapter-misuse.js';
import { baseApp, closeWorld, scenarioWorld, worldWith } from './hono-world.js';
import { requestOf } from './scenario-app.js';

afterEach(() => {
  closeWorld();
  vi.restoreAllMocks();
});

describe('identityWeb()', () => {
  it('refuses anything but an identity-web instance, naming the argument', () => {
    expect(() => identityWeb({} as never)).toThrow(
      expect.objectContaining({ name: 'IdentityWebError', code: 'invalid_argument', option: 'identity' }),
    );
    expect(() => identityWeb(undefined as never)).toThrow(/"identity"/);
  });

  it('refuses options, which belong to createIdentityWeb()', () => {
    expectMiddlewareOptionsRefused(identityWeb);
  });

  it('sets the core cookies through hono/cookie with the core flags (http on localhost)', async () => {
    const w = await worldWith(() => {});
    const start = await w.browser().fetch('/auth/sign-in');
    const [binding] = start.headers.getSetCookie();
    expect(binding).toMatch(/^iw\.session\.3000\.signin\.0=[^;]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('sets __Host- cookies with Secure on https, and deletes them with Max-Age=0', async () => {
    const w = await worldWith(() => {}, { baseUrl: 'https://app.example.com' });
    const alice = await w.signIn('alice');
    expect([...alice.browser.cookies.keys()]).toContain('__Host-iw.session');
    const out = await alice.browser.post(
      '/auth/sign-out',
      { csrf: alice.csrfToken },
      { origin: 'https://app.example.com' },
    );
    expect(out.status).toBe(303);
    const lines = out.headers.getSetCookie();
    expect(lines).toContain('__Host-iw.session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(lines.find((l) => l.startsWith('__Host-iw.session.signout='))).toMatch(
      /; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const w = await worldWith(() => {});
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 1;
          controller.enqueue(new TextEncoder().encode('logout_token=x'));
          controller.close();
        },
      },
      { highWaterMark: 0 },
    ); // pulled only when someone reads
    const response = await w.app.fetch('/auth/back-channel-logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(MAX_FORM_BYTES + 1) },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    expect(pulled).toBe(0);
  });

  it('stops reading a chunked body at the limit instead of buffering all of it', async () => {
    const w = await worldWith(() => {});
    const chunk = new TextEncoder().encode(`logout_token=${'a'.repeat(16 * 1024)}`);
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(chunk);
        if (pulled === 1000) controller.close(); // bounded even if the reader never stopped
      },
    });
    const response = await w.app.fetch('/auth/back-channel-logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request');
    expect(pulled).toBeLessThan(10);
  });

  it('reads a body right at the limit, and counts bytes, not characters', async () => {
    const w = await worldWith(() => {});
    const post = (text: string) =>
      w.app.fetch('/auth/back-channel-logout', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: text,
      });
    const atLimit = `logout_token=${'a'.repeat(MAX_FORM_BYTES - 13)}`;
    expect(((await (await post(atLimit)).json()) as { error: string }).error).toBe('invalid_logout_token');
    // Two bytes per character: half as many characters as the limit allows, twice the bytes.
    const wide = `logout_token=${'é'.repeat(MAX_FORM_BYTES / 2)}`;
    expect(((await (await post(wide)).json()) as { error: string }).error).toBe('invalid_request');
  });

  it('still sees a form_post body that an earlier middleware already read (Hono body cache)', async () => {
    const world = await scenarioWorld(async (identity) => {
      const app = new Hono<IdentityWebEnv>();
      app.use(async (c, next) => {
        if (c.req.method === 'POST') await c.req.text();
        await next();
      });
      app.route('/', baseApp(identity));
      return { fetch: requestOf(app) };
    });
    const { browser } = await world.signIn('bob', { formPost: true });
    expect(
      ((await (await browser.fetch('/public', { accept: 'json' })).json()) as { user: unknown }).user,
    ).not.toBeNull();
  });
});

describe('IdentityWebEnv typing', () => {
  it('types c.var.auth in apps that compose the env, without a global augmentation', async () => {
    type AppEnv = { Variables: IdentityWebVariables & { requestId: string }; Bindings: { REGION: string } };
    const w = await worldWith(() => {});
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('requestId', 'r-1');
      await next();
    });
    app.use(identityWeb(w.identity));
    app.get('/typed', (c) => {
      expectTypeOf(c.var.auth).toEqualTypeOf<AuthContext>();
      expectTypeOf(c.var.requestId).toEqualTypeOf<string>();
      expectTypeOf(c.env.REGION).toEqualTypeOf<string>();
      return c.json({ authenticated: c.var.auth.isAuthenticated, requestId: c.var.requestId });
    });
    // `use()` carries the middleware's env into the chain of an untyped app as well.
    const chained = new Hono()
      .use(identityWeb(w.identity))
      .get('/chained', (c) => c.text(String(c.var.auth.isAuthenticated)));
    // No ContextVariableMap augmentation: an app that does not mount the middleware has no `auth`.
    // @ts-expect-error `auth` is not a variable of a plain Hono app
    new Hono().get('/', (c) => c.text(String(c.var.auth)));

    expect(await (await app.request('http://localhost:3000/typed', {}, { REGION: 'eu' })).json()).toEqual({
      authenticated: false,
      requestId: 'r-1',
    });
    expect(await (await chained.request('http://localhost:3000/chained')).text()).toBe('false');
  });

  it('fits the Workers pattern: a middleware built lazily from c.env and stored with the app env', async () => {
    type AppEnv = { Bindings: { APP_SECRET: string }; Variables: IdentityWebVariables };
    const w = await worldWith(() => {});
    const secrets: string[] = [];
    const app = new Hono<AppEnv>();
    let auth: MiddlewareHandler<AppEnv> | undefined;
    app.use((c, next) => {
      secrets.push(c.env.APP_SECRET);
      auth ??= identityWeb(w.identity);
      return auth(c, next);
    });
    const guard: MiddlewareHandler<AppEnv> = requireAuth();
    app.get('/me', guard, (c) => c.json(c.var.auth.user));
    const response = await app.request(
      'http://localhost:3000/me',
      { headers: { accept: 'application/json' } },
      {
        APP_SECRET: 's',
      },
    );
    expect(response.status).toBe(401);
    expect(secrets).toEqual(['s']);
  });
});

describe('requireAuth()', () => {
  it('fails loudly when identityWeb() is not mounted before it', async () => {
    const app = new Hono<IdentityWebEnv>();
    let caught: unknown;
    app.onError((err, c) => {
      caught = err;
      return c.text('failed', 500);
    });
    app.get('/me', requireAuth(), (c) => c.text('reached'));
    expect((await app.request('/me')).status).toBe(500);
    expect(caught).toMatchObject({
      code: 'invalid_argument',
      option: 'requireAuth',
      message: expect.stringContaining('app.use(identityWeb(identity)) ahead of the routes'),
    });
  });

  itRefusesBadRequireAuthOptions(requireAuth);

  it('answers a 403 when the claim check fails, and lets a throwing check reach onError', async () => {
    const errors: unknown[] = [];
    const w = await worldWith((app) => {
      app.onError((err, c) => {
        errors.push(err);
        return c.text('failed', 500);
      });
      app.get('/no', requireAuth({ claim: () => false }), (c) => c.text('reached'));
      app.get(
        '/broken',
        requireAuth({
          claim: () => {
            throw new Error('directory down');
          },
        }),
        (c) => c.text('reached'),
      );
    });
    const { browser } = await w.signIn('alice');
    const denied = await browser.fetch('/no', { accept: 'json' });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: 'forbidden' });
    expect((await browser.fetch('/broken', { accept: 'json' })).status).toBe(500);
    expect(errors).toEqual([expect.objectContaining({ message: 'directory down' })]);
  });
});
