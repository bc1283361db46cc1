import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import base, { LONG_TESTS } from './vitest.config.js';

/**
 * The suites that pin the security-critical core modules, for mutation testing (stryker.config.mjs).
 * Each mutant runs every test that reaches it, so the run time grows with every suite that starts
 * a whole app for each mutant. In: the core's unit and use-case tests and the IdP packages'
 * logout-token tests (they call validateLogoutTokenClaims). Out, because they kill no mutant that
 * these do not (measured on the survivors, see the README) and cost minutes per mutant:
 * - the shared HTTP scenarios and open-redirect corpus, whether run by the core or an adapter,
 *   and the adapters' own tests (framework glue over the same core routes);
 * - fuzz, flood and property suites (random input and load) and the workerd, Redis, Cloudflare
 *   and browser suites (other runtimes and stores; no mutated module is specific to them).
 */
// Suites that sign in over HTTP or load an IdP library: run after the focused unit tests, so
// a mutant that a unit test kills (the run stops at the first failure) never waits for them.
const BROAD = [/logout-outlives-session/, /session-cookie/, /session-memo\.test/, /sign-in-routes/, /packages\/idp-/];

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
      'packages/idp-oidc/test/logout-token.test.ts',
      'packages/idp-msal/test/verify-logout-token.test.ts',
    ],
    exclude: [
      '**/node_modules/**',
      'packages/core/test/hostile/**',
      'packages/core/test/http/scenarios.test.ts',
      // Random inputs: too slow instrumented, and a kill that depends on the seed is no pin.
      '**/*.property.test.ts',
      // Reads docs/, which the mutation sandbox leaves out: it checks the docs, not the modules.
      'packages/core/test/http/troubleshooting-quotes.test.ts',
      LONG_TESTS,
    ],
    // One module graph for all files: importing the adapters and IdP libraries again for every
    // file would otherwise dominate each mutant's run.
    isolate: false,
    sequence: { ...base.test?.sequence, sequencer: FocusedFirst },
  },
});
