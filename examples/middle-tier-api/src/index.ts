// Public entry of the example middle-tier API.
export {
  fingerprint,
  type MiddleTierApi,
  type MiddleTierApiOptions,
  startMiddleTierApi,
} from './start-middle-tier-api.js';
