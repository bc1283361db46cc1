import { describeAuthFuzz } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeAuthFuzz('core over Request/Response', webApp);
