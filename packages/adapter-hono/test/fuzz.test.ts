// The auth routes under 2,000 hostile requests; the full 10,500 in the long suite (fuzz.long.test.ts).
import { describeAuthFuzz } from '@identity-web/core/testing';
import { scenarioApp } from './scenario-app.js';

describeAuthFuzz('hono', scenarioApp, { requests: 2_000 });
