import { describeAdapterScenarios } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeAdapterScenarios('core over Request/Response', webApp);
