import { describeAuthFuzz } from '@identity-web/core/testing';
import { koaScenarioApp } from './support/app.js';

// Over real HTTP: Node's parser answers some malformed requests itself (431, 400) before Koa.
describeAuthFuzz('koa', koaScenarioApp(), { socket: true });
