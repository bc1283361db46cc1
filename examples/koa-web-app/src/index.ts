export { startKoaWebApp } from './koa-web-app.js';
