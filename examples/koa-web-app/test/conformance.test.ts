// The OpenID Foundation's relying-party plans re-enacted against this app (docs/conformance.md):
// in `pnpm test` one half of the modules, the other app runs the other half; the long suite
// (conformance.long.test.ts) runs the rest here, so every module meets both apps in CI.
import { describeConformance } from '@identity-web-examples/example-support';
import { startKoaWebApp } from '../src/index.js';

describeConformance('koa-web-app', 'koa-web-app', startKoaWebApp, 'first-half');
