export { startHonoWebApp } from './hono-web-app.js';
