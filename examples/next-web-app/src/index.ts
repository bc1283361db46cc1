// The example for the demo and the tests: built once, then run with `next start` (see next-server.ts).
import { APP_DIR, type NextServer, nextApp } from './next-server.js';

export { type NextApp, type NextServer, nextApp } from './next-server.js';

/** This example as a Next.js app: its build and its `next start`. */
export const example = nextApp(APP_DIR);

/** The running app. */
export interface NextWebApp {
  /** Its public origin (`IDENTITY_WEB_BASE_URL`). */
  readonly url: string;
  /** The `next start` process: what it printed, and how to stop it. */
  readonly server: NextServer;
  close(): Promise<void>;
}

/** How long a build may take (the packages and Turbopack on 2 cores: under a minute), and a start. */
const BUILD_TIMEOUT_MS = 300_000;
const START_TIMEOUT_MS = 30_000;

/**
 * Builds the app if its sources changed since the last build, then starts it with `next start`
 * on `PORT` (127.0.0.1), configured by `env` alone (the variables of README.md).
 *
 * @example const app = await startNextWebApp(env); … await app.close();
 */
export async function startNextWebApp(env: Readonly<Record<string, string | undefined>>): Promise<NextWebApp> {
  const port = Number(env.PORT ?? 3000);
  const baseUrl = env.IDENTITY_WEB_BASE_URL ?? `http://127.0.0.1:${port}`;
  await example.buildOnce(BUILD_TIMEOUT_MS);
  const defined = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const server = await example.start(port, defined, START_TIMEOUT_MS);
  return { url: new URL(baseUrl).origin, server, close: () => server.stop() };
}
