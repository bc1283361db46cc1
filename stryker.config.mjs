// @ts-check
/**
 * Mutation testing of the security-critical core modules (`pnpm test:mutation`): every rule
 * they enforce must be pinned by a test that fails when the rule breaks.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // pnpm does not hoist the runner next to the core, so it is named by path.
  plugins: ['./node_modules/@stryker-mutator/vitest-runner/dist/src/index.js'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'packages/core/src/domain/logout-token.ts',
    'packages/core/src/http/return-to.ts',
    'packages/core/src/crypto/cookie-signer.ts',
    'packages/core/src/crypto/record-cipher.ts',
    'packages/core/src/crypto/keys.ts',
    'packages/core/src/use-cases/complete-sign-in.ts',
    'packages/core/src/use-cases/handle-front-channel-logout.ts',
    'packages/core/src/use-cases/handle-back-channel-logout.ts',
    'packages/core/src/use-cases/sign-out.ts',
    'packages/core/src/use-cases/list-user-sessions.ts',
    'packages/core/src/use-cases/end-user-session.ts',
    'packages/core/src/use-cases/end-session.ts',
    'packages/core/src/domain/verify-logout-token.ts',
    'packages/core/src/domain/sign-in-loop.ts',
    'packages/core/src/http/error-boundary.ts',
    'packages/core/src/http/sign-out.routes.ts',
    'packages/core/src/use-cases/remove-account.ts',
    'packages/core/src/stores/memory-account-registry.ts',
    'packages/core/src/http/sign-in-cookies.ts',
    'packages/core/src/http/sign-in.routes.ts',
    'packages/core/src/records/session-records.ts',
    'packages/core/src/records/partitions.ts',
    'packages/core/src/cache/session-memo.ts',
    'packages/core/src/config/providers.ts',
    'packages/core/src/use-cases/call-downstream-api.ts',
    // Which requests the auth routes answer, and what the adapters on Node's HTTP server read and write.
    'packages/core/src/http/request-path.ts',
    'packages/core/src/http/node-request-body.ts',
    'packages/core/src/http/set-cookie-header.ts',
  ],
  thresholds: { high: 95, low: 90, break: 90 },
  concurrency: 2,
  timeoutMS: 5_000,
  dryRunTimeoutMinutes: 30,
  incrementalFile: 'stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['.artifacts', 'reports', 'examples', 'bench', 'docs'],
};
