import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

/**
 * Tests that take minutes — soaks, storms, failovers, floods — are named `*.long.test.ts` and run
 * by `pnpm test:long` (vitest.long.config.ts), once in CI. Every rule is also tested here, at a
 * scale that keeps `pnpm test` to a few minutes on 2 cores.
 */
export const LONG_TESTS = '**/*.long.test.ts';

// Tests run against the sources of sibling packages, so no build step is needed first.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@identity-web\/core\/testing$/, replacement: src('core/src/testing/index.ts') },
      { find: /^@identity-web\/core\/adapter$/, replacement: src('core/src/adapter.ts') },
      { find: /^@identity-web\/core\/api$/, replacement: src('core/src/api.ts') },
      { find: /^@identity-web\/core\/provider$/, replacement: src('core/src/provider.ts') },
      { find: /^@identity-web\/core\/store$/, replacement: src('core/src/store.ts') },
      { find: /^@identity-web\/core\/shared-signals$/, replacement: src('core/src/shared-signals.ts') },
      { find: /^@identity-web\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@identity-web\/koa$/, replacement: src('adapter-koa/src/index.ts') },
      { find: /^@identity-web\/express$/, replacement: src('adapter-express/src/index.ts') },
      { find: /^@identity-web\/hono$/, replacement: src('adapter-hono/src/index.ts') },
      { find: /^@identity-web\/fastify$/, replacement: src('adapter-fastify/src/index.ts') },
      { find: /^@identity-web\/next$/, replacement: src('adapter-next/src/index.ts') },
      { find: /^@identity-web\/msal\/testing$/, replacement: src('idp-msal/src/testing/index.ts') },
      { find: /^@identity-web\/msal$/, replacement: src('idp-msal/src/index.ts') },
      { find: /^@identity-web\/oidc\/testing$/, replacement: src('idp-oidc/src/testing/index.ts') },
      { find: /^@identity-web\/oidc$/, replacement: src('idp-oidc/src/index.ts') },
      { find: /^@identity-web\/redis$/, replacement: src('store-redis/src/index.ts') },
      { find: /^@identity-web\/postgres$/, replacement: src('store-postgres/src/index.ts') },
      { find: /^@identity-web\/cloudflare$/, replacement: src('store-cloudflare/src/index.ts') },
    ],
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'bench/*/test/**/*.test.ts',
      // Docs are tests: every code block and option name of the docs (docs/contributing-docs.md).
      'scripts/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', LONG_TESTS],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One worker per core (vitest's default leaves one free): most files wait on sockets, child
    // processes and browsers as much as they compute.
    maxWorkers: '100%',
    // Each worker loads the packages once for all its files instead of once per file, which took
    // about as long as the tests themselves. The web globals one file may replace are restored
    // before the next (vitest.setup.ts); every file closes what it opened and restores its spies,
    // timers and environment.
    isolate: false,
    setupFiles: ['./vitest.setup.ts'],
  },
});
