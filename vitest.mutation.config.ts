import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base from './vitest.config.js';

/**
 * The suites that pin the security-critical core modules, for mutation testing (stryker.config.mjs).
 * Each mutant runs only the tests that reach it, so a suite that repeats another one's checks
 * through a different adapter multiplies the run time without killing a mutant more. Left out:
 * - the adapters' `scenarios` and `open-redirect` suites: the same shared suites that
 *   core/test/http/scenarios.test.ts and core/test/hostile/open-redirect.test.ts run;
 * - fuzz, flood and property suites (random input and load) and the workerd, Redis, Cloudflare and browser
 *   suites (other runtimes and stores; none of the mutated modules is specific to them).
 */
// Suites that start whole apps, frameworks or IdP libraries: run after the focused unit tests, so
// a mutant that a unit test kills (the run stops at the first failure) never waits for them.
const BROAD = [
  /scenarios\.test\.ts$/,
  /open-redirect\.test\.ts$/,
  /logout-outlives-session/,
  /packages\/(adapter|idp)-/,
];

class FocusedFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const broad = (f: TestSpecification) => (BROAD.some((re) => re.test(f.moduleId)) ? 1 : 0);
    return [...files].sort((a, b) => broad(a) - broad(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'packages/core/test/**/*.test.ts',
      'packages/adapter-koa/test/*.test.ts',
      'packages/adapter-hono/test/*.test.ts',
      // The IdP packages' logout-token checks call validateLogoutTokenClaims.
      'packages/idp-oidc/test/logout-token.test.ts',
      'packages/idp-msal/test/verify-logout-token.test.ts',
    ],
    exclude: [
      '**/node_modules/**',
      '**/fuzz.test.ts',
      '**/flood.test.ts',
      // Random inputs: too slow instrumented, and a kill that depends on the seed is no pin.
      '**/*.property.test.ts',
      '**/*workerd*',
      'packages/adapter-*/test/{scenarios,open-redirect}.test.ts',
    ],
    // One module graph for all files: importing the adapters and IdP libraries again for every
    // file would otherwise dominate each mutant's run.
    isolate: false,
    sequence: { ...base.test?.sequence, sequencer: FocusedFirst },
  },
});
