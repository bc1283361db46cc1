import { redisServerAvailable } from './support/redis-available.js';
import { describeTwoInstances } from './support/two-instances.js';

// `pnpm demo --redis`: the Koa app twice, sharing a private redis-server, driven over real HTTP.
describeTwoInstances('redis', redisServerAvailable());
