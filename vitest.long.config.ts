import { defineConfig } from 'vitest/config';
import base, { LONG_TESTS } from './vitest.config.js';

/**
 * The long suite (`pnpm test:long`): only the `*.long.test.ts` files that `pnpm test` leaves out —
 * the two-minute refresh soak, the refresh storms against oidc-provider, a Redis Cluster master
 * failing over under traffic (the store alone, and the example apps through it and through a
 * Redis outage), 10,000 sign-ins in one browser, the full-size fuzz and sign-in
 * floods, the conformance modules each app leaves to the other in `pnpm test` and the
 * demo's screenshots. CI runs it once, on Node 20.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [LONG_TESTS],
    exclude: ['**/node_modules/**', '**/dist/**', '.stryker-tmp/**'],
    testTimeout: 600_000,
    // One file at a time: the soak and the failover judge latencies and deadlines, which a
    // fuzz run on the other core would blur.
    maxWorkers: 1,
  },
});
