// What the Koa and Hono example apps share. Everything framework-specific stays in each app.
export type { CacheState } from './cache-state.js';
export type { JsonAnswer } from './call-downstream-api.js';
export { createWebAppIdentity, identityOptions, type WebAppIdentity } from './config/create-web-app-identity.js';
export { type Env, WebAppConfigError } from './config/env-reader.js';
export { readWebAppConfig, type WebAppConfig } from './config/web-app-config.js';
export { type RunningWebApp, runWebApp, serveWebApp } from './serve-web-app.js';
export { METRICS_CONTENT_TYPE, type WebAppRoutes, webAppRoutes } from './web-app-routes.js';
