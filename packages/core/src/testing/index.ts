// Entry of @identity-web/core/testing: contract suites, fakes and shared adapter scenarios.
export * from './fake-identity-provider.js';
export * from './adapter-scenarios.js';
export * from './browser.js';
