// `pnpm start`: configured by environment variables only (see README.md).
import { EnvError } from '@identity-web-examples/web-app-kit';
import { startHonoWebApp } from './hono-web-app.js';

const app = await startHonoWebApp(process.env).catch((error: unknown) => {
  console.error(`Hono web app cannot start: ${error instanceof EnvError ? error.message : error}`);
  process.exit(1);
});
console.log(`Hono web app is running at ${app.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
