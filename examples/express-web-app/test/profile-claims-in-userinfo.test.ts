import { describeProfileClaimsInUserInfo } from '@identity-web-examples/example-support';
import { startExpressWebApp } from '../src/index.js';

describeProfileClaimsInUserInfo('express-web-app', 'express-web-app', startExpressWebApp);
