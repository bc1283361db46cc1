// Test helpers of the example apps (`@identity-web-examples/web-app-kit/testing`).
export { Browser, frontChannelUrls, type Page } from './browser.js';
export { describeExampleWebApp, exampleEnv, type StartWebApp } from './example-web-app.suite.js';
export { freePort } from './free-port.js';
