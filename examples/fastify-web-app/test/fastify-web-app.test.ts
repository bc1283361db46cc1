import { describeExampleWebApp } from '@identity-web-examples/example-support';
import { startFastifyWebApp } from '../src/index.js';

describeExampleWebApp('Fastify web app', startFastifyWebApp);
