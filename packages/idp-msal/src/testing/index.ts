// Entry of @identity-web/msal/testing: a fake Entra ID for MSW (token endpoint, signing keys,
// logout tokens), its fixed identity and its users, for this package's tests and for apps built on
// it. Needs `msw` 2 (an optional peer dependency). The shapes only this package's own tests need
// (AADSTS error bodies, token response headers) stay in ./entra-shapes.ts, out of the entry.

export { FAKE_ENTRA, type FakeUser, makeUser } from './entra-shapes.js';
export { FakeEntra, type TokenEndpointOverride, type TokenRequest } from './fake-entra.js';
export { FakeEntraKeys } from './fake-entra-keys.js';
