// The auth routes under the full run of hostile requests, 10,500 (`pnpm test:long`); fuzz.test.ts
// sends 2,000 in `pnpm test`.
import { describeAuthFuzz } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeAuthFuzz('core over Request/Response', webApp);
