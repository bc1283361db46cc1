import { InteractionRequiredError } from '@identity-web/core';
import { type AuthContext, MAX_FORM_BYTES } from '@identity-web/core/adapter';
import { createScenarioWorld, locationOf, type ScenarioWorld } from '@identity-web/core/testing';
import {
  authErrorHandler,
  type IdentityWebEnv,
  type IdentityWebVariables,
  identityWeb,
  requireAuth,
} from '@identity-web/hono';
import { Context, type ErrorHandler, Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { requestOf } from './scenario-app.js';

const NEEDS_CONSENT = 'api://orders/write';
const consentRequired = () =>
  new InteractionRequiredError('consent', { scopes: [NEEDS_CONSENT], reason: 'consent_required' });

let world: ScenarioWorld | undefined;
afterEach(() => {
  world?.identity.close();
  world = undefined;
  vi.restoreAllMocks();
});

/** The least an app needs for `world.signIn()`: the middleware and `/public`; no onError. */
function baseApp(identity: ScenarioWorld['identity']): Hono<IdentityWebEnv> {
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(identity));
  app.get('/public', (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
  return app;
}

/** A scenario world whose app is {@link baseApp} plus whatever `extend` mounts on it. */
async function worldWith(
  extend: (app: Hono<IdentityWebEnv>) => void,
  options: Parameters<typeof createScenarioWorld>[1] = {},
): Promise<ScenarioWorld> {
  world = await createScenarioWorld(async (identity) => {
    const app = baseApp(identity);
    extend(app);
    return { fetch: requestOf(app) };
  }, options);
  return world;
}

describe('identityWeb()', () => {
  it('refuses anything but an identity-web instance, naming the argument', () => {
    expect(() => identityWeb({} as never)).toThrow(
      expect.objectContaining({ name: 'IdentityWebError', code: 'invalid_argument', option: 'identity' }),
    );
    expect(() => identityWeb(undefined as never)).toThrow(/"identity"/);
  });

  it('sets the core cookies through hono/cookie with the core flags (http on localhost)', async () => {
    const w = await worldWith(() => {});
    const start = await w.browser().fetch('/auth/sign-in');
    const [binding] = start.headers.getSetCookie();
    expect(binding).toMatch(/^iw\.signin\.0=[^;]+; Max-Age=600; Path=\/; HttpOnly; SameSite=Lax$/);
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
    expect(lines.find((l) => l.startsWith('__Host-iw.signout='))).toMatch(
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
    world = await createScenarioWorld(async (identity) => {
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

describe('challenges for errors thrown downstream', () => {
  const ordersRoute = (app: Hono<IdentityWebEnv>) =>
    app.get('/orders', requireAuth(), async (c) => {
      await c.var.auth.acquireToken(NEEDS_CONSENT);
      return c.text('unreachable');
    });

  it('turns InteractionRequiredError from a plain handler into the challenge, with no onError set', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith(ordersRoute);
    const alice = await w.signIn('alice');
    const page = await alice.browser.fetch('/orders?page=2');
    expect(page.status).toBe(302);
    expect(locationOf(page).pathname).toBe('/auth/sign-in');
    expect(locationOf(page).searchParams.get('scope')).toBe(NEEDS_CONSENT);
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/orders?page=2');
    const api = await alice.browser.fetch('/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: [NEEDS_CONSENT] });
    // Hono's default onError still logs it first: the reason authErrorHandler() exists.
    expect(logged).toHaveBeenCalled();
  });

  it('turns "not signed in" from acquireToken on an unguarded route into the challenge', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) =>
      app.get('/open', async (c) => c.json(await c.var.auth.acquireToken('api://downstream/read'))),
    );
    const api = await w.browser().fetch('/open', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'not_authenticated' });
  });

  it('answers for a route group mounted with app.route()', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) => {
      const api = new Hono<IdentityWebEnv>();
      api.use(requireAuth());
      api.get('/orders', async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
      app.route('/api', api);
    });
    expect((await w.browser().fetch('/api/orders', { accept: 'json' })).status).toBe(401);
    const alice = await w.signIn('alice');
    const page = await alice.browser.fetch('/api/orders');
    expect(page.status).toBe(302);
    expect(locationOf(page).searchParams.get('returnTo')).toBe('/api/orders');
  });

  it('overrides a sub-app onError answer: the challenge status, body, type and cache policy win', async () => {
    const w = await worldWith((app) => {
      const api = new Hono<IdentityWebEnv>();
      api.onError((_err, c) => c.text('sub-app failed', 500, { 'cache-control': 'public, max-age=600' }));
      api.get('/orders', async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
      app.route('/api', api);
    });
    const alice = await w.signIn('alice');
    const api = await alice.browser.fetch('/api/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-type')).toBe('application/json');
    expect(await api.json()).toMatchObject({ error: 'interaction_required' });
  });

  it.each([
    ['without an onError', false],
    ['with authErrorHandler()', true],
  ])('keeps headers prepared by outer middleware and clears c.error once handled (%s)', async (_, withHandler) => {
    const seen: unknown[] = [];
    world = await createScenarioWorld(async (identity) => {
      const app = new Hono<IdentityWebEnv>();
      app.use(async (c, next) => {
        c.header('x-request-id', 'r-42');
        await next();
        seen.push(c.error);
      });
      app.use(identityWeb(identity));
      if (withHandler) app.onError(authErrorHandler());
      app.get('/public', (c) => c.json({ user: c.var.auth.user, csrfToken: c.var.auth.csrfToken }));
      app.get('/orders', async () => {
        throw consentRequired();
      });
      app.get('/boom', () => {
        throw new Error('boom');
      });
      return { fetch: requestOf(app) };
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const page = await world.browser().fetch('/orders');
    expect(page.status).toBe(302);
    expect(page.headers.get('x-request-id')).toBe('r-42');
    expect(page.headers.get('content-type')).toBeNull();
    expect(seen[0]).toBeUndefined();
    expect((await world.browser().fetch('/boom')).status).toBe(500);
    expect(seen[1]).toEqual(new Error('boom'));
  });

  it('answers an error thrown past a compose that caught nothing', async () => {
    const w = await worldWith(() => {});
    const middleware = identityWeb(w.identity);
    const c = new Context(new Request('http://localhost:3000/orders', { headers: { accept: 'application/json' } }));
    const response = await middleware(c as never, async () => {
      throw consentRequired();
    });
    expect(response?.status).toBe(401);
    await expect(
      middleware(new Context(new Request('http://localhost:3000/x')) as never, async () => {
        throw new Error('not ours');
      }),
    ).rejects.toThrow('not ours');
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
    expect(caught).toMatchObject({ code: 'invalid_argument', option: 'requireAuth' });
  });

  it.each([
    [{ roles: 'admin' }, 'roles'],
    [{ scopes: [''] }, 'scopes'],
    [{ claim: true }, 'claim'],
    ['admin', 'options'],
  ])('refuses the options %j when it is made, naming %s', (options, option) => {
    expect(() => requireAuth(options as never)).toThrow(expect.objectContaining({ code: 'invalid_argument', option }));
  });

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

describe('authErrorHandler()', () => {
  const routes = (app: Hono<IdentityWebEnv>, fallback?: ErrorHandler<IdentityWebEnv>) => {
    app.onError(authErrorHandler(fallback));
    app.get('/orders', requireAuth(), async (c) => c.json(await c.var.auth.acquireToken(NEEDS_CONSENT)));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.get('/teapot', () => {
      throw new HTTPException(418, { message: 'short and stout' });
    });
  };

  it('answers interaction-required with the challenge; the fallback and the log never see it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const fallback = vi.fn((_err: Error, c: Context) => c.text('fallback', 500));
    const w = await worldWith((app) => routes(app, fallback));
    const alice = await w.signIn('alice');
    const api = await alice.browser.fetch('/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: 'interaction_required', scopes: [NEEDS_CONSENT] });
    expect(fallback).not.toHaveBeenCalled();
    expect(logged).not.toHaveBeenCalled();
    const boom = await alice.browser.fetch('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('fallback');
    expect(fallback).toHaveBeenCalledOnce();
  });

  it("falls back to Hono's own behaviour: HTTPException responses, else a logged 500", async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const w = await worldWith((app) => routes(app));
    const teapot = await w.browser().fetch('/teapot');
    expect(teapot.status).toBe(418);
    expect(await teapot.text()).toBe('short and stout');
    const boom = await w.browser().fetch('/boom');
    expect(boom.status).toBe(500);
    expect(await boom.text()).toBe('Internal Server Error');
    expect(logged).toHaveBeenCalledOnce();
  });

  it('hands the error to the fallback when identityWeb() never ran for the request', async () => {
    const app = new Hono();
    app.onError(authErrorHandler((_err, c) => c.text('fallback', 503)));
    app.get('/x', () => {
      throw consentRequired();
    });
    expect((await app.request('/x')).status).toBe(503);
  });
});
