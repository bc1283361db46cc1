import { describeFapiVariables } from '@identity-web-examples/example-support';
import { startFastifyWebApp } from '../src/index.js';

// The Fastify app's wiring of the private_key_jwt, FAPI 2.0, DPoP and PAR variables into
// createOidcProvider. env.ts itself is the Koa app's, tested there (a test keeps the copies equal).
describeFapiVariables('Fastify web app', startFastifyWebApp);
