export { EnvError } from '@identity-web-examples/web-app-kit';
export { type FastifyWebApp, startFastifyWebApp } from './fastify-web-app.js';
