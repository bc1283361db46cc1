// `pnpm start`: configured by environment variables only (see README.md).
import { EnvError } from '@identity-web-examples/web-app-kit';
import { startExpressWebApp } from './express-web-app.js';

const app = await startExpressWebApp(process.env).catch((error: unknown) => {
  console.error(`Express web app cannot start: ${error instanceof EnvError ? error.message : error}`);
  process.exit(1);
});
console.log(`Express web app is running at ${app.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
