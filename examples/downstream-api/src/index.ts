// Public entry of the example downstream API.
export type { Caller } from './access-token-verifier.js';
export { type DownstreamApi, type DownstreamApiOptions, startDownstreamApi } from './start-downstream-api.js';
