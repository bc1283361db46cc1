import { describeExampleWebApp } from '@identity-web-examples/example-support';
import { startExpressWebApp } from '../src/index.js';

describeExampleWebApp('Express web app', startExpressWebApp);
