import { describeExampleWebApp } from '@identity-web-examples/web-app-kit/testing';
import { startKoaWebApp } from '../src/index.js';

describeExampleWebApp('Koa web app', startKoaWebApp);
