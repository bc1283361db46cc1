import { describeAuthFuzz } from '@identity-web/core/testing';
import { webApp } from './web-app.js';

describeAuthFuzz('core over Request/Response', webApp);
