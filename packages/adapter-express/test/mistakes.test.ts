import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { authErrorHandler, identityWeb, requireAuth } from '../src/index.js';
import { serveNode } from './support/app.js';

// A newcomer's mistakes: a factory mounted without its call. Each answers at once with a message
// that names the fix, never a request that hangs.
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

/** What reaches the app's own error handler, answered 500. */
async function firstError(build: (app: express.Express) => void, path = '/x'): Promise<unknown> {
  const app = express();
  let caught: unknown;
  build(app);
  app.use(((error, _req, res, _next) => {
    caught = error;
    res.status(500).end();
  }) as ErrorRequestHandler);
  const served = await serveNode(app);
  try {
    const response = await served.fetch(path, { signal: AbortSignal.timeout(5000) });
    expect(response.status).toBe(500);
    return caught;
  } finally {
    await served.close();
  }
}

describe('a factory mounted without its call', () => {
  it('identityWeb: says to call it with the identity', async () => {
    const error = await firstError((app) => app.use(identityWeb as unknown as RequestHandler));
    expect(error).toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('identityWeb is mounted without its call: mount identityWeb(identity)'),
    });
  });

  it('requireAuth: says to mount requireAuth()', async () => {
    const made = identity();
    const error = await firstError((app) => {
      app.use(identityWeb(made));
      app.get('/x', requireAuth as unknown as RequestHandler, (_req, res) => {
        res.send('never');
      });
    });
    expect(error).toMatchObject({
      message: expect.stringContaining('requireAuth is mounted without its call: mount requireAuth()'),
    });
  });

  it('authErrorHandler: an unknown URL says to mount authErrorHandler(), instead of hanging', async () => {
    const made = identity();
    const error = await firstError((app) => {
      app.use(identityWeb(made));
      app.use(authErrorHandler as unknown as RequestHandler);
    }, '/nowhere');
    expect(error).toMatchObject({ message: expect.stringContaining('mount authErrorHandler()') });
  });

  it('a function for the identity (createIdentityWeb itself) is refused saying to pass what it returns', () => {
    expect(() => identityWeb(createIdentityWeb as never)).toThrow(
      /pass the object createIdentityWeb\(options\) returns/,
    );
  });
});
