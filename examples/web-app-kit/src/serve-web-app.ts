import type { Server } from 'node:http';
import type { IdentityWeb } from '@identity-web/core';
import type { WebAppIdentity } from './config/create-web-app-identity.js';
import { WebAppConfigError } from './config/env-reader.js';

/** A started example app. */
export interface RunningWebApp {
  /** The app's public URL (`IDENTITY_WEB_BASE_URL`). */
  readonly url: string;
  readonly identity: IdentityWeb;
  close(): Promise<void>;
}

/** Listens on `HOST`:`PORT`; on failure (port taken) releases the identity instance. */
export async function serveWebApp(server: Server, { config, identity }: WebAppIdentity): Promise<RunningWebApp> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    identity.close();
    throw error;
  }
  return {
    url: config.baseUrl,
    identity,
    close: () =>
      new Promise<void>((resolve) => {
        identity.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The body of each app's `main.ts`: start from `process.env`, print where it runs, stop on
 * Ctrl-C / SIGTERM. A configuration problem prints the variables to fix and exits with 1.
 */
export async function runWebApp(name: string, start: (env: NodeJS.ProcessEnv) => Promise<RunningWebApp>) {
  let app: RunningWebApp;
  try {
    app = await start(process.env);
  } catch (error) {
    console.error(`${name} cannot start: ${error instanceof WebAppConfigError ? error.message : error}`);
    process.exit(1);
  }
  console.log(`${name} is running at ${app.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void app.close().then(() => process.exit(0)));
  }
}
