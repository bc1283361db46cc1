import { describeDownstreamPathCorpus } from '@identity-web/core/testing';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { fastifyScenarioApp } from './support/app.js';

// The downstream API is a real server on 127.0.0.1: the accepted paths are checked as it receives them.
describeDownstreamPathCorpus('fastify', fastifyScenarioApp(), { serveApi: serveOnLoopback });
