import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { scenarioApp } from './scenario-app.js';

describeOpenRedirectCorpus('hono', scenarioApp);
