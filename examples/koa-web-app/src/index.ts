export { EnvError } from '@identity-web-examples/web-app-kit';
export { type KoaWebApp, startKoaWebApp } from './koa-web-app.js';
