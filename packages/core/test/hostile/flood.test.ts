// The sign-in flood at 2,000 anonymous sign-ins; 20,000 in the long suite (flood.long.test.ts).
import { describeSignInFlood } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeSignInFlood('core over Request/Response', webApp, { requests: 2_000 });
