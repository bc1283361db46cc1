import { describeAdapterScenarios } from '@identity-web/core/testing';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { scenarioApp } from './scenario-app.js';

// The route handlers as Next.js calls them (a Fetch request in, a Response out); the downstream
// API of callApi is a real server on 127.0.0.1. The same handlers under `next start`:
// examples/next-web-app's tests.
describeAdapterScenarios('next', scenarioApp, { serveApi: serveOnLoopback });
