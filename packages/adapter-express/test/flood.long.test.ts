// The sign-in flood at its full size, 20,000 anonymous sign-ins (`pnpm test:long`); flood.test.ts
// sends 2,000 in `pnpm test`.
import { describeSignInFlood } from '@identity-web/core/testing';
import { expressScenarioApp } from './support/app.js';

describeSignInFlood('express', expressScenarioApp());
