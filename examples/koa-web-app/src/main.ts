// `pnpm start`: configured by environment variables only (see README.md).
import { runWebApp } from '@identity-web-examples/web-app-kit';
import { startKoaWebApp } from './koa-web-app.js';

await runWebApp('Koa web app', startKoaWebApp);
