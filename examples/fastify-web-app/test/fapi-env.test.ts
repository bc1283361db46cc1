import { describeFapiVariables } from '@identity-web-examples/example-support';
import { startFastifyWebApp } from '../src/index.js';

// The Fastify app's wiring of the private_key_jwt, FAPI 2.0, DPoP and PAR variables into
// createOidcProvider. The reader itself (web-app-kit's env.ts) is tested through the Koa app.
describeFapiVariables('Fastify web app', startFastifyWebApp);
