// Public entry of the example downstream API.
export { type DownstreamApi, type DownstreamApiOptions, startDownstreamApi } from './start-downstream-api.js';
