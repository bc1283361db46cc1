// The auth routes under 2,000 hostile requests; the full 10,500 in the long suite (fuzz.long.test.ts).
import { describeAuthFuzz } from '@identity-web/core/testing';
import { fastifyScenarioApp } from './support/app.js';

// Over real HTTP: Node's parser answers some malformed requests itself (431, 400) before Fastify.
describeAuthFuzz('fastify', fastifyScenarioApp(), { socket: true, requests: 2_000 });
