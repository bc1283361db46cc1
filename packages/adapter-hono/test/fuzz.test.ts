import { describeAuthFuzz } from '@identity-web/core/testing';
import { scenarioApp } from './scenario-app.js';

describeAuthFuzz('hono', scenarioApp);
