import type { IdentityWeb } from '@identity-web/core';
import { SCENARIO_API_SCOPE, SCENARIO_GUARDS, type ScenarioAppFactory } from '@identity-web/core/testing';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ServedApp, send, serveNode } from '../../../core/test/support/node-http-app.js';
import { worldPool } from '../../../core/test/support/world-pool.js';
import { identityWeb, requireAuth, type SignedInRoute } from '../../src/index.js';

export { type ServedApp, send };

/** Starts a Fastify app on 127.0.0.1 (see serveNode), through Fastify's own request listener. */
export async function serve(app: FastifyInstance, headers: Record<string, string> = {}): Promise<ServedApp> {
  await app.ready();
  const served = await serveNode((req, res) => app.routing(req, res), headers);
  return {
    ...served,
    close: async () => {
      await served.close();
      await app.close();
    },
  };
}

export interface FastifyAppOptions {
  /** Called before the plugin is registered (body parsers, error handlers). */
  before?: (app: FastifyInstance) => void;
  /** Extra routes, added after the plugin. */
  routes?: (app: FastifyInstance) => void;
  trustProxy?: boolean;
  /** Headers added to every request (what a proxy in front would send). */
  headers?: Record<string, string>;
}

const scope = (request: FastifyRequest) => new URLSearchParams(request.url.split('?')[1]).get('scope');
const pathParam = (request: FastifyRequest) => new URLSearchParams(request.url.split('?')[1]).get('path');

/** Builds the scenario app of `describeAdapterScenarios` (see ScenarioApp) on Fastify. */
export function fastifyApp(identity: IdentityWeb, options: FastifyAppOptions = {}): FastifyInstance {
  const app = Fastify({ trustProxy: options.trustProxy ?? false });
  options.before?.(app);
  app.register(identityWeb, { identity });
  app.register(async (routes) => {
    const me = (request: FastifyRequest<SignedInRoute>) => ({ user: request.auth.user });
    routes.get('/public', (request) => {
      const { auth } = request;
      return { authenticated: auth.isAuthenticated, user: auth.user, csrfToken: auth.csrfToken };
    });
    routes.get('/optional', async (request, reply) => {
      reply.type('application/json').header('x-route', 'partial');
      const token = await request.auth.acquireToken(scope(request) ?? SCENARIO_API_SCOPE);
      return { accessToken: token.accessToken };
    });
    routes.get<SignedInRoute>('/me', { preHandler: requireAuth() }, me);
    routes.get<SignedInRoute>('/admin', { preHandler: requireAuth(SCENARIO_GUARDS.admin) }, me);
    routes.get<SignedInRoute>('/staff', { preHandler: requireAuth(SCENARIO_GUARDS.staff) }, me);
    routes.get<SignedInRoute>('/granted', { preHandler: requireAuth(SCENARIO_GUARDS.granted) }, me);
    routes.get<SignedInRoute>('/call-api', { preHandler: requireAuth() }, async (request) => {
      const token = await request.auth.acquireToken(scope(request) ?? SCENARIO_API_SCOPE);
      return { accessToken: token.accessToken };
    });
    routes.get<SignedInRoute>('/downstream', { preHandler: requireAuth() }, async (request, reply) => {
      const answer = await request.auth.callApi('downstream', pathParam(request) ?? '/');
      reply.code(answer.status);
      reply.header('content-type', answer.headers.get('content-type') ?? 'application/octet-stream');
      return reply.send(Buffer.from(await answer.arrayBuffer()));
    });
    routes.get<SignedInRoute>('/sessions', { preHandler: requireAuth() }, async (request) => ({
      sessions: await request.auth.sessions(),
    }));
    options.routes?.(routes);
  });
  return app;
}

export function fastifyScenarioApp(options: FastifyAppOptions = {}): ScenarioAppFactory {
  return async (identity) => serve(fastifyApp(identity, options), options.headers);
}

/** Scenario worlds around Fastify apps (`fastifyWorld(options, identity)`), closed by `closeWorlds`. */
export const { world: fastifyWorld, closeWorlds } = worldPool(fastifyScenarioApp);
