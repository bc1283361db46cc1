import { describeAdapterScenarios } from '@identity-web/core/testing';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { scenarioApp } from './scenario-app.js';

// The downstream API of callApi is a real server on 127.0.0.1.
describeAdapterScenarios('hono', scenarioApp, { serveApi: serveOnLoopback });
