// Entry of @identity-web/core/testing: contract suites, fakes and shared adapter scenarios.

export * from './adapter-scenarios.js';
export * from './browser.js';
export * from './contracts/index.js';
export * from './fake-identity-provider.js';
export * from './hostile/index.js';
export * from './identity-provider.contract.js';
export * from './web-scenario-app.js';
