// The registry's bounds under a flood at the default bound of 200,000 entries (`pnpm test:long`).
import { describeRegistryFlood } from './registry-flood.suite.js';

describeRegistryFlood(undefined);
