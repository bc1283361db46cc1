import { describeOpenRedirectCorpus } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeOpenRedirectCorpus('core over Request/Response', webApp);
