// What a Next.js app's unit test of its route module loads: @identity-web/next (and through it
// next/server, next/headers, next/navigation), under Vitest with the setting docs/next.md shows
// (vitest.next.config.mjs).
import { nextIdentityWeb } from '@identity-web/next';
import { expect, test } from 'vitest';

test('a route module on @identity-web/next loads under Vitest, and its handlers run', async () => {
  const { handlers } = nextIdentityWeb(() => {
    throw new Error('the instance is made at the first request');
  });
  const { GET, POST } = handlers;
  await expect(GET(new Request('http://localhost:3000/auth/sign-in'))).rejects.toThrow('made at the first request');
  expect(typeof POST).toBe('function');
});
