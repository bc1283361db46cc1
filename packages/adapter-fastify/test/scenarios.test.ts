import { describeAdapterScenarios } from '@identity-web/core/testing';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { fastifyScenarioApp } from './support/app.js';

// The same scenarios every adapter runs (sign-in, tokens, sign-out, logout notifications, bad
// input, requireAuth options, onSignIn, callApi, idle expiry), over real HTTP; the downstream API
// of callApi is a real server on 127.0.0.1 too.
describeAdapterScenarios('fastify', fastifyScenarioApp(), { serveApi: serveOnLoopback });
