// The sign-in flood at 2,000 anonymous sign-ins; 20,000 in the long suite (flood.long.test.ts).
import { describeSignInFlood } from '@identity-web/core/testing';
import { expressScenarioApp } from './support/app.js';

describeSignInFlood('express', expressScenarioApp(), { requests: 2_000 });
