import { describeAdapterScenarios } from '@identity-web/core/testing';
import Koa2 from 'koa2';
import { koaScenarioApp } from './support/app.js';

// The same scenarios every adapter runs (sign-in, tokens, sign-out, logout notifications, bad
// input), over real HTTP.
describeAdapterScenarios('koa', koaScenarioApp());
describeAdapterScenarios('koa without a router', koaScenarioApp({ router: false }));
describeAdapterScenarios('koa 2', koaScenarioApp({ koa: Koa2 }));
