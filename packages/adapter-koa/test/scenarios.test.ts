import { describeAdapterScenarios } from '@identity-web/core/testing';
import Koa2 from 'koa2';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { koaScenarioApp } from './support/app.js';

// The same scenarios every adapter runs (sign-in, tokens, sign-out, logout notifications, bad
// input, requireAuth options, onSignIn, callApi, idle expiry), over real HTTP; the downstream API
// of callApi is a real server on 127.0.0.1 too.
const real = { serveApi: serveOnLoopback };
describeAdapterScenarios('koa', koaScenarioApp(), real);
describeAdapterScenarios('koa without a router', koaScenarioApp({ router: false }), real);
describeAdapterScenarios('koa 2', koaScenarioApp({ koa: Koa2 }), real);
