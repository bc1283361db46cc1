import { describeDownstreamPathCorpus } from '@identity-web/core/testing';
import { webApp } from '../support/web-app.js';

describeDownstreamPathCorpus('core over Request/Response', webApp);
