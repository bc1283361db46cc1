// The sign-in flood at its full size, 20,000 anonymous sign-ins (`pnpm test:long`); flood.test.ts
// sends 2,000 in `pnpm test`.
import { describeSignInFlood } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeSignInFlood('core over Request/Response', webApp);
