import { describeSignInFlood } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeSignInFlood('core over Request/Response', webApp);
