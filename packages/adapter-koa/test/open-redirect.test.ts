import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { koaScenarioApp } from './support/app.js';

describeOpenRedirectCorpus('koa', koaScenarioApp());
