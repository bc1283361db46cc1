// Public entry of the example downstream API.

export { INTROSPECTION_VARIABLES, introspectionFromEnv } from './introspection-env.js';
export { type DownstreamApi, type DownstreamApiOptions, startDownstreamApi } from './start-downstream-api.js';
