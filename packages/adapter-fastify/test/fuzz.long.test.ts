// The auth routes under the full run of hostile requests, 10,500 (`pnpm test:long`); fuzz.test.ts
// sends 2,000 in `pnpm test`.
import { describeAuthFuzz } from '@identity-web/core/testing';
import { fastifyScenarioApp } from './support/app.js';

// Over real HTTP: Node's parser answers some malformed requests itself (431, 400) before Fastify.
describeAuthFuzz('fastify', fastifyScenarioApp(), { socket: true });
