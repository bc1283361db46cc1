import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { expressScenarioApp } from './support/app.js';

describeOpenRedirectCorpus('express', expressScenarioApp());
