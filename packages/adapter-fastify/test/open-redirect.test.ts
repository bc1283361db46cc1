import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { fastifyScenarioApp } from './support/app.js';

describeOpenRedirectCorpus('fastify', fastifyScenarioApp());
