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
    // How long a logout token's or a SET's jti is remembered (both use cases' rule).
    'packages/core/src/domain/replay-window.ts',
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
    'packages/core/src/use-cases/api-challenge.ts',
    // Which requests the auth routes answer, and what the adapters on Node's HTTP server read and write.
    'packages/core/src/http/request-path.ts',
    'packages/core/src/http/node-request-body.ts',
    'packages/core/src/http/set-cookie-header.ts',
    'packages/core/src/stores/invalidation-wire.ts',
    'packages/core/src/stores/namespace-for-app.ts',
    // Shared Signals: the SET claim and subject rules, what each event does, polling and the stream check.
    'packages/core/src/domain/security-event.ts',
    'packages/core/src/domain/security-event-subject.ts',
    'packages/core/src/domain/security-event-refusal.ts',
    'packages/core/src/domain/signed-event-claims.ts',
    'packages/core/src/domain/security-event-actions.ts',
    'packages/core/src/use-cases/handle-security-event.ts',
    'packages/core/src/use-cases/poll-security-events.ts',
    'packages/core/src/use-cases/verify-security-event-stream.ts',
    'packages/core/src/use-cases/verify-security-event-token.ts',
    'packages/core/src/use-cases/security-event-replay.ts',
    // The signature checks: an issuer's key set (fetch, cache, key pick), the provider-down rule,
    // the shape of a signed JWT, and the email form a subject is matched by.
    'packages/core/src/key-set/jwks-cache.ts',
    'packages/core/src/key-set/pick-key.ts',
    'packages/core/src/key-set/fetch-key-set.ts',
    'packages/core/src/domain/provider-failure.ts',
    'packages/core/src/crypto/compact-jwt.ts',
    'packages/core/src/domain/email-key.ts',
    // A protected API: the access-token claim rules, the route's requirement, the DPoP proof and
    // nonce checks (the proof's JWS on node:crypto and on jose, the rules both share), the order of
    // the checks and the answers each refusal gets.
    'packages/core/src/api/domain/access-token-claims.ts',
    'packages/core/src/api/domain/api-requirement.ts',
    'packages/core/src/api/dpop/dpop-proof.ts',
    'packages/core/src/api/dpop/proof-rules.ts',
    'packages/core/src/api/dpop/web-proof-verify.ts',
    'packages/core/src/api/dpop/node-proof-verify.ts',
    'packages/core/src/api/dpop/node-proof-key.ts',
    'packages/core/src/api/dpop/proof-jws.ts',
    'packages/core/src/api/dpop/proof-claims.ts',
    'packages/core/src/api/dpop/dpop-nonces.ts',
    'packages/core/src/api/use-cases/authorize-api-request.ts',
    'packages/core/src/api/use-cases/verify-signed-token.ts',
    // A store's answer at once or as a promise of any library, and what counts as found.
    'packages/core/src/domain/maybe-promise.ts',
    'packages/core/src/api/use-cases/verified-tokens.ts',
    'packages/core/src/domain/required-names.ts',
    'packages/core/src/api/use-cases/check-not-signed-out.ts',
    'packages/core/src/api/http/api-answer.ts',
    // Calling further APIs on a user's behalf and sign-outs reaching the API: where the tokens are
    // filed, the logout's rules, the removal, a whole user's sign-out remembered as spans of
    // seconds, and which provider's issuer a token names.
    'packages/core/src/api/use-cases/acquire-token-on-behalf-of.ts',
    'packages/core/src/api/use-cases/api-back-channel-logout.ts',
    'packages/core/src/api/use-cases/remove-user-tokens.ts',
    'packages/core/src/api/domain/signed-out-users.ts',
    'packages/core/src/api/domain/claimed-issuer.ts',
    // Shared Signals at an API: whom an event names and what it removes.
    'packages/core/src/api/use-cases/api-security-event.ts',
    // Opaque tokens: what an introspection answer must say, and how long it is remembered.
    'packages/core/src/api/domain/introspected-claims.ts',
    'packages/core/src/api/use-cases/introspect-token.ts',
    'packages/core/src/use-cases/back-channel-logout.ts',
    'packages/core/src/http/back-channel-logout-answer.ts',
    'packages/core/src/http/api-adapter.ts',
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
