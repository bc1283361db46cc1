// The registry's bounds under a flood, on a registry of 20,000 entries; at the default bound of
// 200,000 in the long suite (registry-flood.long.test.ts).
import { describeRegistryFlood } from './registry-flood.suite.js';

describeRegistryFlood(20_000);
