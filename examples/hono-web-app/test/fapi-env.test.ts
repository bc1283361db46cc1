import { describeFapiVariables } from '@identity-web-examples/example-support';
import { startHonoWebApp } from '../src/index.js';

// The Hono app's wiring of the private_key_jwt, FAPI 2.0, DPoP and PAR variables into
// createOidcProvider. The reader itself (web-app-kit's env.ts) is tested through the Koa app.
describeFapiVariables('Hono web app', startHonoWebApp);
