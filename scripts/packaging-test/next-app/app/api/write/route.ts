// A route of the app's API that needs `api:write`, a scope the app's sign-in does not ask for:
// a token without it is answered 403 `insufficient_scope`, naming it.
import { protectApi } from '@identity-web/next';
import { api } from '../../../lib/api';

export const GET = protectApi(api, { scopes: ['api:write'] }, async (_request, { api: caller }) =>
  Response.json({ wrote: true, scopes: caller.scopes }),
);
