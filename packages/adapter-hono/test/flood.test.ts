import { describeSignInFlood } from '@identity-web/core/testing';
import { scenarioApp } from './scenario-app.js';

describeSignInFlood('hono', scenarioApp);
