// The OpenID Foundation's relying-party plans re-enacted against this app (docs/conformance.md):
// in `pnpm test` one half of the modules (the Express and Fastify apps split them, as the Koa and
// Hono apps do); the long suite (conformance.long.test.ts) runs the other half here, so every
// module meets this app in CI.
import { describeConformance } from '@identity-web-examples/example-support';
import { startExpressWebApp } from '../src/index.js';

describeConformance('express-web-app', 'express-web-app', startExpressWebApp, 'first-half');
