import { describeConformance } from '@identity-web-examples/example-support';
import { startHonoWebApp } from '../src/index.js';

describeConformance('hono-web-app', 'hono-web-app', startHonoWebApp);
