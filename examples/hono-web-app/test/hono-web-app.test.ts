import { describeExampleWebApp } from '@identity-web-examples/web-app-kit/testing';
import { startHonoWebApp } from '../src/index.js';

describeExampleWebApp('Hono web app', startHonoWebApp);
