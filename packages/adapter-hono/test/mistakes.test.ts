import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { authErrorHandler, identityWeb, requireAuth } from '@identity-web/hono';
import { type ErrorHandler, Hono, type MiddlewareHandler } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';

// A newcomer's mistakes: a factory mounted without its call answers at once with a message that
// names the fix (Hono's 500, logged), never a request that hangs.
const identities: { close(): void }[] = [];
afterEach(() => {
  for (const identity of identities.splice(0)) identity.close();
  vi.restoreAllMocks();
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

/** What Hono's default error handling logs for the request, answered 500. */
async function logged(app: { request(path: string): Response | Promise<Response> }): Promise<string> {
  const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const response = await app.request('/x');
  expect(response.status).toBe(500);
  return log.mock.calls.map((call) => String(call[0])).join('\n');
}

describe('a factory mounted without its call', () => {
  it('identityWeb: says to call it with the identity', async () => {
    const app = new Hono().use(identityWeb as unknown as MiddlewareHandler);
    app.get('/x', (c) => c.text('never'));
    expect(await logged(app)).toContain('identityWeb is mounted without its call: mount identityWeb(identity)');
  });

  it('requireAuth: says to mount requireAuth()', async () => {
    const app = new Hono().use(identityWeb(identity()));
    app.get('/x', requireAuth as unknown as MiddlewareHandler, (c) => c.text('never'));
    expect(await logged(app)).toContain('requireAuth is mounted without its call: mount requireAuth()');
  });

  it('authErrorHandler as onError: a failing route says to mount authErrorHandler()', async () => {
    const app = new Hono().use(identityWeb(identity()));
    app.onError(authErrorHandler as unknown as ErrorHandler);
    app.get('/x', () => {
      throw new Error('the route failed');
    });
    const caught = await Promise.resolve(app.request('/x')).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    expect(caught).toMatchObject({ message: expect.stringContaining('mount authErrorHandler()') });
  });
});
