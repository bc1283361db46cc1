// Loads every package the way a CommonJS app does: require() of ES modules (Node >= 20.19, >= 22.12).
// Not @identity-web/next: Next.js's bundlers load it, never require() (next-apps.ts builds and runs Next.js apps on it).
const smoke = require('./smoke.cjs');

const libs = {
  core: require('@identity-web/core'),
  coreAdapter: require('@identity-web/core/adapter'),
  coreApi: require('@identity-web/core/api'),
  coreProvider: require('@identity-web/core/provider'),
  coreSharedSignals: require('@identity-web/core/shared-signals'),
  coreStore: require('@identity-web/core/store'),
  express: require('@identity-web/express'),
  fastify: require('@identity-web/fastify'),
  hono: require('@identity-web/hono'),
  koa: require('@identity-web/koa'),
  msal: require('@identity-web/msal'),
  oidc: require('@identity-web/oidc'),
  redis: require('@identity-web/redis'),
  postgres: require('@identity-web/postgres'),
  Express: require('express'),
  Fastify: require('fastify'),
  Hono: require('hono').Hono,
  Koa: require('koa'),
};
// Only resolved: it imports `cloudflare:workers`, which workerd alone provides, and Workers load
// ES modules anyway (esm.mjs loads it, through a stand-in for that module).
require.resolve('@identity-web/cloudflare');

smoke(libs).then(
  () => console.log(`cjs: every entry loads with require() on Node ${process.versions.node}`),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
