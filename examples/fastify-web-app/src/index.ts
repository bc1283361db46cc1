export { EnvError } from './env.js';
export { type FastifyWebApp, startFastifyWebApp } from './fastify-web-app.js';
