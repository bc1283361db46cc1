export { describeSignInFlood, type SignInFloodOptions } from './flood.suite.js';
export { type AuthFuzzOptions, describeAuthFuzz, FUZZ_MIN_REQUESTS } from './fuzz.suite.js';
export { OPEN_REDIRECT_PAYLOADS, type PayloadGroup } from './open-redirect.payloads.js';
export { describeOpenRedirectCorpus } from './open-redirect.suite.js';
