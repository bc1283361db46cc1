export { EnvError } from './env.js';
export { type ExpressWebApp, startExpressWebApp } from './express-web-app.js';
