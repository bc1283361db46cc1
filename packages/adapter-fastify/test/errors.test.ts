import { createIdentityWeb, IdentityWebError, InteractionRequiredError } from '@identity-web/core';
import {
  describeStoreOutageScenarios,
  FakeIdentityProvider,
  ManualClock,
  type ScenarioWorld,
} from '@identity-web/core/testing';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeErrorScenarios } from '../../core/src/testing/scenarios/route-errors.scenarios.js';
import { expectRequireAuthAloneFails, itRefusesBadRequireAuthOptions } from '../../core/test/support/adapter-misuse.js';
import { describeScenarioGroup } from '../../core/test/support/scenario-group.js';
import { authErrorHandler, identityWeb, requireAuth } from '../src/index.js';
import { closeWorlds, type FastifyAppOptions, fastifyScenarioApp, fastifyWorld, serve } from './support/app.js';

const consent = () => new InteractionRequiredError('consent needed', { scopes: ['api://orders/write'] });

let caught: unknown[] = [];
afterEach(async () => {
  await closeWorlds();
  vi.restoreAllMocks();
  caught = [];
});

/** The app's own error handler, recording what reaches it. */
function appErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  caught.push(error);
  return reply.code(error.statusCode ?? 500).send({ handledBy: 'app' });
}

type Handlers = 'none' | 'app' | 'wrapped';
const withHandler = (handlers: Handlers) => (app: FastifyInstance) => {
  if (handlers === 'app') app.setErrorHandler(appErrors);
  if (handlers === 'wrapped') app.setErrorHandler(authErrorHandler(appErrors));
};

/** An app whose `GET /throws` runs `prepare`, then throws `error`. */
function worldThrowing(
  error: unknown,
  handlers: Handlers,
  prepare?: (request: FastifyRequest, reply: FastifyReply) => void,
): Promise<ScenarioWorld> {
  return fastifyWorld({
    before: withHandler(handlers),
    routes: (app) =>
      app.get('/throws', async (request, reply) => {
        prepare?.(request, reply);
        throw error;
      }),
  });
}

// The challenge, the 503 and the challenge of an unguarded acquireToken() are shared scenarios
// (route errors), on an app with no error handler; here they run again under the app's handler.
describeScenarioGroup(
  'fastify, app error handler',
  routeErrorScenarios,
  fastifyScenarioApp({ before: withHandler('app') }),
);
describeScenarioGroup(
  'fastify, app error handler wrapped in authErrorHandler()',
  routeErrorScenarios,
  fastifyScenarioApp({ before: withHandler('wrapped') }),
);

describe.each<Handlers>(['none', 'app', 'wrapped'])('errors thrown by a route (app error handler: %s)', (handlers) => {
  it("keeps the route's headers on the challenge; only an unwrapped app handler sees it", async () => {
    const world = await worldThrowing(consent(), handlers, (_request, reply) => {
      reply.type('application/json').header('x-route', 'partial');
    });
    const page = await world.browser().fetch('/throws?a=1');
    expect(page.status).toBe(302);
    expect(page.headers.get('x-route')).toBe('partial');
    expect(page.headers.get('content-type')).toBeNull();
    const api = await world.browser().fetch('/throws', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toContain('application/json');
    // The app's handler sees them (its answer is replaced) unless wrapped with authErrorHandler().
    expect(caught).toHaveLength(handlers === 'app' ? 2 : 0);
  });

  it('lets an error that is not ours, and an identity-web 500, reach the app untouched', async () => {
    const boom = Object.assign(new Error('boom'), { statusCode: 418 });
    const world = await worldThrowing(boom, handlers);
    const response = await world.browser().fetch('/throws', { accept: 'json' });
    expect(response.status).toBe(418);
    if (handlers === 'none') expect(await response.json()).toMatchObject({ message: 'boom', statusCode: 418 });
    else expect(await response.json()).toEqual({ handledBy: 'app' });
    const bug = await worldThrowing(new IdentityWebError('invalid_argument', 'wrong call'), handlers);
    expect((await bug.browser().fetch('/throws', { accept: 'json' })).status).toBe(500);
    expect(caught).toHaveLength(handlers === 'none' ? 0 : 2);
  });
});

describe('errors and the Fastify reply', () => {
  it('answers for a plugin scope with an error handler of its own', async () => {
    const world = await fastifyWorld({
      routes: (app) =>
        app.register(async (api) => {
          api.setErrorHandler(appErrors);
          api.get('/orders', async () => {
            throw consent();
          });
        }),
    });
    const api = await world.browser().fetch('/orders', { accept: 'json' });
    expect(api.status).toBe(401);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(await api.json()).toMatchObject({ error: 'interaction_required' });
  });

  it('does not turn an error into a challenge once the response has started', async () => {
    const world = await worldThrowing(consent(), 'app', (_request, reply) => {
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write('partial');
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await world
      .browser()
      .fetch('/throws')
      .catch(() => null);
    // The body may be cut short; what matters is that no challenge was written over it.
    if (response) expect(response.status).toBe(200);
    expect(caught).toHaveLength(1);
  });

  it('writes nothing over a reply an earlier hook hijacked and answered', async () => {
    const world = await fastifyWorld({
      routes: (app) =>
        app.get(
          '/hijacked',
          {
            preHandler: [
              async (_request, reply) => {
                reply.hijack();
                reply.raw.writeHead(204).end();
              },
              requireAuth(),
            ],
          },
          async () => 'unreachable',
        ),
    });
    const response = await world.browser().fetch('/hijacked', { accept: 'json' });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});

describe('the session read of the plugin', () => {
  async function worldWithFailingStore(error: Error, options: FastifyAppOptions = {}) {
    const world = await fastifyWorld(options, { session: { memo: false } });
    const alice = await world.signIn('alice');
    vi.spyOn(world.sessions, 'getSession').mockRejectedValue(error);
    return { world, alice };
  }

  // Its 503, Retry-After and page or JSON are shared scenarios (store outage), under an app
  // error handler too; here, that the plugin answers it before the app's error handler sees it.
  it('answers a session store that is down itself, not through the app error handler', async () => {
    const { alice } = await worldWithFailingStore(new IdentityWebError('store_unavailable', 'redis is down'), {
      before: withHandler('app'),
    });
    expect((await alice.browser.fetch('/public', { accept: 'json' })).status).toBe(503);
    expect((await alice.browser.fetch('/public')).status).toBe(503);
    // Answered in the plugin's hook: the app's error handler (and its logs) never saw the outage.
    expect(caught).toEqual([]);
  });

  it("leaves any other failure of the session read to the app's error handler", async () => {
    const failure = new Error('disk on fire');
    const { alice } = await worldWithFailingStore(failure, { before: withHandler('app') });
    expect((await alice.browser.fetch('/public', { accept: 'json' })).status).toBe(500);
    expect(caught).toEqual([failure]);
  });
});

describe('misuse', () => {
  it('refuses registration inside a prefixed scope, whose hooks would never see /auth/*', async () => {
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
    });
    const app = Fastify();
    await expect(
      app.register(async (api) => api.register(identityWeb, { identity }), { prefix: '/api' }),
    ).rejects.toMatchObject({ code: 'invalid_argument', option: 'prefix' });
    // Fastify's own `prefix` register option on the root changes nothing: the plugin is not encapsulated.
    const root = Fastify();
    await root.register(identityWeb, { identity, prefix: '/x' });
    const start = await root.inject('/auth/sign-in');
    expect(start.statusCode).toBe(302);
    await root.close();
    identity.close();
  });

  itRefusesBadRequireAuthOptions(requireAuth);

  it('fails loudly when requireAuth() runs without the plugin', async () => {
    const app = Fastify();
    app.setErrorHandler(appErrors);
    app.get('/', { preHandler: requireAuth() }, async () => 'unreachable');
    const served = await serve(app);
    await expectRequireAuthAloneFails(served, caught, 'app.register(identityWeb, { identity })');
  });

  it('refuses something other than an identity-web instance, and options of createIdentityWeb()', async () => {
    await expect(Fastify().register(identityWeb, {} as never)).rejects.toMatchObject({
      name: 'IdentityWebError',
      code: 'invalid_argument',
      option: 'identity',
    });
    await expect(Fastify().register(identityWeb, undefined as never)).rejects.toThrow(/createIdentityWeb/);
    const identity = createIdentityWeb({
      identityProvider: new FakeIdentityProvider(new ManualClock()),
      baseUrl: 'http://localhost:3000',
      secret: 's'.repeat(40),
    });
    try {
      await expect(Fastify().register(identityWeb, { identity, basePath: '/login' } as never)).rejects.toMatchObject({
        code: 'invalid_argument',
        option: 'basePath',
        message: expect.stringContaining('give "basePath" to createIdentityWeb()'),
      });
      // Fastify's own register options are not refused.
      const app = Fastify();
      await app.register(identityWeb, { identity, prefix: '/ignored' } as never);
      expect(app.hasPlugin('@identity-web/fastify')).toBe(true);
    } finally {
      identity.close();
    }
  });
});

describeStoreOutageScenarios(
  'fastify, under an error handler that answers 500',
  fastifyScenarioApp({
    before: (app) => app.setErrorHandler((_error, _request, reply) => reply.code(500).send({ error: 'internal' })),
  }),
);
