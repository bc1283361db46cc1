import { describeProfileClaimsInUserInfo } from '@identity-web-examples/example-support';
import { startKoaWebApp } from '../src/index.js';

describeProfileClaimsInUserInfo('koa-web-app', 'koa-web-app', startKoaWebApp);
