import { describeProfileClaimsInUserInfo } from '@identity-web-examples/example-support';
import { startHonoWebApp } from '../src/index.js';

describeProfileClaimsInUserInfo('hono-web-app', 'hono-web-app', startHonoWebApp);
