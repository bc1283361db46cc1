import { describeExampleWebApp } from '@identity-web-examples/example-support';
import { startHonoWebApp } from '../src/index.js';

describeExampleWebApp('Hono web app', startHonoWebApp);
