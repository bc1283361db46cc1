import { describeAdapterScenarios } from '@identity-web/core/testing';
import express4 from 'express4';
import { serveOnLoopback } from '../../core/test/support/loopback-server.js';
import { expressScenarioApp } from './support/app.js';

// The same scenarios every adapter runs (sign-in, tokens, sign-out, logout notifications, bad
// input, requireAuth options, onSignIn, callApi, idle expiry, several providers), over real HTTP;
// the downstream API of callApi is a real server on 127.0.0.1 too.
const real = { serveApi: serveOnLoopback };
describeAdapterScenarios('express', expressScenarioApp(), real);
describeAdapterScenarios('express 4', expressScenarioApp({ express: express4 }), real);
