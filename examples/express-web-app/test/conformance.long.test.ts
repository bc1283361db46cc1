// The modules of the OpenID Foundation's relying-party plans that conformance.test.ts leaves to
// the Fastify or Express app in `pnpm test`: with both files, every module runs against this app.
import { describeConformance } from '@identity-web-examples/example-support';
import { startExpressWebApp } from '../src/index.js';

describeConformance('express-web-app', 'express-web-app', startExpressWebApp, 'second-half');
