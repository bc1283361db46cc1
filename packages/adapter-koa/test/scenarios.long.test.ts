import { describeAdapterScenarios } from '@identity-web/core/testing';
import Koa2 from 'koa2';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { koaScenarioApp } from './support/app.js';

// The shared adapter scenarios on Koa 2 (the adapter supports Koa 2 and 3), in the long suite:
// `pnpm test` runs them on Koa 3, with and without a router (scenarios.test.ts).
describeAdapterScenarios('koa 2', koaScenarioApp({ koa: Koa2 }), { serveApi: serveOnLoopback });
