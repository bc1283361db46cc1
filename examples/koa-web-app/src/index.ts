export { EnvError } from './env.js';
export { type KoaWebApp, startKoaWebApp } from './koa-web-app.js';
