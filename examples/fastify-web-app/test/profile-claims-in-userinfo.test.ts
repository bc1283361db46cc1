import { describeProfileClaimsInUserInfo } from '@identity-web-examples/example-support';
import { startFastifyWebApp } from '../src/index.js';

describeProfileClaimsInUserInfo('fastify-web-app', 'fastify-web-app', startFastifyWebApp);
