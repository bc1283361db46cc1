// Entry of @identity-web/msal/testing: a fake Entra ID for MSW (token endpoint, signing keys,
// logout tokens) and the shapes of its answers, for this package's tests and for apps built on it.
// Needs `msw` 2 (an optional peer dependency).

export * from './entra-shapes.js';
export * from './fake-entra.js';
export * from './fake-entra-keys.js';
