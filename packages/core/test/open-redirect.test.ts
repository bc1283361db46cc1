import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { webApp } from './web-app.js';

describeOpenRedirectCorpus('core over Request/Response', webApp);
