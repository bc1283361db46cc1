export { EnvError } from '@identity-web-examples/web-app-kit';
export { type ExpressWebApp, startExpressWebApp } from './express-web-app.js';
