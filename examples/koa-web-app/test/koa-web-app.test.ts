import { describeExampleWebApp } from '@identity-web-examples/example-support';
import { startKoaWebApp } from '../src/index.js';

describeExampleWebApp('Koa web app', startKoaWebApp);
