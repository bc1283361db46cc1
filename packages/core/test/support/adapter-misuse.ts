// The refusals every adapter makes when its parts are made wrong: requireAuth()'s options, and
// options handed to the middleware, which belong to createIdentityWeb().
import { createIdentityWeb } from '@identity-web/core';
import { FakeIdentityProvider, ManualClock } from '@identity-web/core/testing';
import { expect, it } from 'vitest';
import type { ServedApp } from './node-http-app.js';

const BAD_REQUIRE_AUTH_OPTIONS: [unknown, string][] = [
  [{ roles: 'admin' }, 'roles'],
  [{ scopes: [''] }, 'scopes'],
  [{ claim: true }, 'claim'],
  ['admin', 'options'],
];

/** One test a bad option: the adapter's `requireAuth(options)` throws when made, naming the option. */
export function itRefusesBadRequireAuthOptions(requireAuth: (options: never) => unknown): void {
  it.each(BAD_REQUIRE_AUTH_OPTIONS)(
    'refuses the requireAuth options %j when the guard is made, naming %s',
    (options, option) => {
      expect(() => requireAuth(options as never)).toThrow(
        expect.objectContaining({ code: 'invalid_argument', option }),
      );
    },
  );
}

/** The adapter's `identityWeb(identity, options)` throws, sending the options to createIdentityWeb(). */
export function expectMiddlewareOptionsRefused(identityWeb: (...args: never[]) => unknown): void {
  const identity = createIdentityWeb({
    identityProvider: new FakeIdentityProvider(new ManualClock()),
    baseUrl: 'http://localhost:3000',
    secret: 's'.repeat(40),
  });
  try {
    const withOptions = identityWeb as (...args: unknown[]) => unknown;
    expect(() => withOptions(identity, { basePath: '/login' })).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        option: 'options',
        message: expect.stringContaining('give them to createIdentityWeb()'),
      }),
    );
  } finally {
    identity.close();
  }
}

/**
 * `served` is an app whose requireAuth() runs without the middleware before it: a request gets
 * a 500, and the app's error handler (which pushes to `caught`) the reason, naming `hint`.
 */
export async function expectRequireAuthAloneFails(served: ServedApp, caught: unknown[], hint: string): Promise<void> {
  try {
    expect((await served.fetch('/')).status).toBe(500);
    expect(caught[0]).toMatchObject({
      code: 'invalid_argument',
      option: 'requireAuth',
      message: expect.stringContaining(hint),
    });
  } finally {
    await served.close();
  }
}
