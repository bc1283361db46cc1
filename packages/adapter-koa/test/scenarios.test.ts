import { describeAdapterScenarios } from '@identity-web/core/testing';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { koaScenarioApp } from './support/app.js';

// The same scenarios every adapter runs (sign-in, tokens, sign-out, logout notifications, bad
// input, requireAuth options, onSignIn, callApi, idle expiry), over real HTTP; the downstream API
// of callApi is a real server on 127.0.0.1 too. On Koa 2 they run in the long suite
// (scenarios.long.test.ts).
const real = { serveApi: serveOnLoopback };
describeAdapterScenarios('koa', koaScenarioApp(), real);
describeAdapterScenarios('koa without a router', koaScenarioApp({ router: false }), real);
