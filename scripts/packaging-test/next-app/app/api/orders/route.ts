// A route handler of the app's API: only a request with the provider's access token for it, with
// the `api:read` scope (the test provider's first scope), reaches the handler.
import { protectApi } from '@identity-web/next';
import { api } from '../../../lib/api';

export const GET = protectApi(api, { scopes: ['api:read'] }, async (_request, { api: caller }) =>
  Response.json({ for: caller.subject, app: caller.clientId }),
);
