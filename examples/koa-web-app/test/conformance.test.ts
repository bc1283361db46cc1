import { describeConformance } from '@identity-web-examples/example-support';
import { startKoaWebApp } from '../src/index.js';

describeConformance('koa-web-app', 'koa-web-app', startKoaWebApp);
