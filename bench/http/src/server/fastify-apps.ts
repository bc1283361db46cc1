import { createServer, type RequestListener } from 'node:http';
import type { IdentityWeb } from '@identity-web/core';
import { authErrorHandler, identityWeb, requireAuth, type SignedInRoute } from '@identity-web/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { BENCH_SCOPE, HELLO, ROUTE } from '../variants.js';
import { firstErrorLogger } from './errors.js';

/** The baseline: the route alone, on Fastify 5 with its defaults (no logger). */
export async function bareFastify(): Promise<RequestListener> {
  const { app, listener } = fastifyApp();
  app.get(ROUTE, (_request, reply) => {
    reply.send(HELLO);
  });
  return ready(app, listener);
}

/** The same route for signed-in users only, with a downstream token from the cache on every request. */
export async function identityWebFastify(identity: IdentityWeb, variant: string): Promise<RequestListener> {
  const { app, listener } = fastifyApp();
  await app.register(identityWeb, { identity });
  const logError = firstErrorLogger(variant);
  app.setErrorHandler(
    authErrorHandler((error, _request, reply) => {
      logError(error);
      return reply.code(500).send({ error: 'internal' });
    }),
  );
  app.get<SignedInRoute>(ROUTE, { preHandler: requireAuth() }, async (request) => {
    await request.auth.acquireToken(BENCH_SCOPE);
    return HELLO;
  });
  return ready(app, listener);
}

/**
 * A Fastify instance and its request handler, for the harness's own `node:http` server: Fastify
 * hands its handler to the `serverFactory` option (the documented way to give it a server of
 * one's own); the server returned there only holds Fastify's settings and never listens.
 */
function fastifyApp(): { app: FastifyInstance; listener: () => RequestListener } {
  let handler: RequestListener | undefined;
  const app = Fastify({
    serverFactory: (fastifyHandler) => {
      handler = fastifyHandler;
      return createServer();
    },
  });
  return {
    app,
    listener: () => {
      if (!handler) throw new Error('Fastify did not call its serverFactory');
      return handler;
    },
  };
}

/** Loads the plugins and routes (`ready()`), as `listen()` would, and gives the handler. */
async function ready(app: FastifyInstance, listener: () => RequestListener): Promise<RequestListener> {
  await app.ready();
  return listener();
}
