// `pnpm start`: configured by environment variables only (see README.md).
import { runWebApp } from '@identity-web-examples/web-app-kit';
import { startHonoWebApp } from './hono-web-app.js';

await runWebApp('Hono web app', startHonoWebApp);
