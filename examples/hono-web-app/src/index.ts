export { EnvError } from '@identity-web-examples/web-app-kit';
export { type HonoWebApp, startHonoWebApp } from './hono-web-app.js';
