export { DOWNSTREAM_PATH_PAYLOADS, DOWNSTREAM_PATHS_ACCEPTED } from './downstream-path.payloads.js';
export { describeDownstreamPathCorpus } from './downstream-path.suite.js';
export { describeSignInFlood, type SignInFloodOptions } from './flood.suite.js';
export { type AuthFuzzOptions, describeAuthFuzz, FUZZ_MIN_REQUESTS } from './fuzz.suite.js';
export { OPEN_REDIRECT_PAYLOADS, type PayloadGroup } from './open-redirect.payloads.js';
export { describeOpenRedirectCorpus } from './open-redirect.suite.js';
