import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import Fastify, { type preHandlerHookHandler } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { authErrorHandler, type ErrorHandler, identityWeb, requireAuth } from '../src/index.js';

// A newcomer's mistakes on Fastify: each answers at once with a message that names the fix.
const identities: { close(): void }[] = [];
afterEach(() => {
  for (const identity of identities.splice(0)) identity.close();
});

function identity() {
  const made = createIdentityWeb({
    identityProvider: new FakeIdentityProvider(new ManualClock()),
    baseUrl: 'http://localhost:3000',
    secret: 's'.repeat(40),
  });
  identities.push(made);
  return made;
}

describe('Fastify mistakes', () => {
  it('requireAuth as a preHandler without its call: a 500 that says to mount requireAuth()', async () => {
    const app = Fastify();
    await app.register(identityWeb, { identity: identity() });
    app.get('/x', { preHandler: requireAuth as unknown as preHandlerHookHandler }, () => 'never');
    const response = await app.inject('/x');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain('requireAuth is mounted without its call: mount requireAuth()');
    await app.close();
  });

  it('authErrorHandler as the error handler without its call: a 500 that says to mount authErrorHandler()', async () => {
    const app = Fastify();
    await app.register(identityWeb, { identity: identity() });
    app.setErrorHandler(authErrorHandler as unknown as ErrorHandler);
    app.get('/x', () => {
      throw new Error('the route failed');
    });
    const response = await app.inject('/x');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain('mount authErrorHandler()');
    await app.close();
  });

  it('the identity registered as the options: says to wrap it, { identity }', async () => {
    const app = Fastify();
    await expect(app.register(identityWeb, identity() as never)).rejects.toThrow(
      'identityWeb takes its identity in an object: app.register(identityWeb, { identity })',
    );
    await app.close();
  });

  it('registered inside another plugin: a route outside it is told to register on the root instance', async () => {
    const app = Fastify();
    const made = identity();
    await app.register(async (child) => {
      await child.register(identityWeb, { identity: made });
    });
    app.get('/x', { preHandler: requireAuth() }, () => 'never');
    const response = await app.inject('/x');
    expect(response.statusCode).toBe(500);
    expect(response.json().message).toContain('the identityWeb plugin on the root instance');
    expect(response.json().message).toContain('not inside another plugin');
    await app.close();
  });
});
