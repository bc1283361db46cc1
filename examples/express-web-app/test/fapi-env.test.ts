import { describeFapiVariables } from '@identity-web-examples/example-support';
import { startExpressWebApp } from '../src/index.js';

// The Express app's wiring of the private_key_jwt, FAPI 2.0, DPoP and PAR variables into
// createOidcProvider. The reader itself (web-app-kit's env.ts) is tested through the Koa app.
describeFapiVariables('Express web app', startExpressWebApp);
