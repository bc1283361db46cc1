// Entry of @identity-web/msal/testing: a fake Entra ID for MSW (token endpoint, signing keys,
// logout tokens) and the shapes of its answers, for this package's tests and for apps built on it.
// Needs `msw` 2 (an optional peer dependency).

export {
  type AadError,
  aadErrorBody,
  CLIENT_ID,
  CLIENT_SECRET,
  clientInfo,
  type FakeUser,
  GRAPH_READ,
  homeAccountId,
  idTokenClaims,
  LOGIN,
  makeUser,
  REDIRECT_URI,
  TENANT_ID,
  TOKEN_HEADERS,
} from './entra-shapes.js';
export { FakeEntra, type TokenEndpointOverride, type TokenRequest } from './fake-entra.js';
export { FakeEntraKeys } from './fake-entra-keys.js';
