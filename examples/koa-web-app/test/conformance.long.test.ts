// The modules of the OpenID Foundation's relying-party plans that conformance.test.ts leaves to
// the other app in `pnpm test`: with both files, every module runs against this app.
import { describeConformance } from '@identity-web-examples/example-support';
import { startKoaWebApp } from '../src/index.js';

describeConformance('koa-web-app', 'koa-web-app', startKoaWebApp, 'second-half');
