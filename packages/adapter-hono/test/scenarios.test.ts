import { describeAdapterScenarios } from '@identity-web/core/testing';
import { scenarioApp } from './scenario-app.js';

describeAdapterScenarios('hono', scenarioApp);
