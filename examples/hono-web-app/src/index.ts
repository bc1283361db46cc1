export { EnvError } from './env.js';
export { type HonoWebApp, startHonoWebApp } from './hono-web-app.js';
