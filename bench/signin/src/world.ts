// The provider and the app, started side by side: each in a process of its own (the benchmark,
// so each one's CPU time per sign-in can be read) or both in this one (the test: no compile wait).
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { freePort, nextMessage, stopChild } from '@identity-web-examples/example-support';
import type { FromChild, Role, ServerStats } from './protocol.js';
import { startApp, startIdp } from './servers.js';

const ENTRY = fileURLToPath(new URL('./child.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.run.json', import.meta.url));
/** tsx compiles the library sources on start; a busy 2-core machine may take a while. */
const READY_TIMEOUT_MS = 60_000;
const STATS_TIMEOUT_MS = 10_000;

export interface Server {
  readonly url: string;
  /** What it did since the last call; resets. */
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

export interface SignInWorld {
  readonly idp: Server;
  readonly app: Server;
  /** The client as registered at the provider (the signature check builds its own client from it). */
  readonly client: { readonly clientId: string; readonly clientSecret: string };
  /** Whether each server has a process of its own (then their stats carry CPU time). */
  readonly forked: boolean;
  stop(): Promise<void>;
}

export async function startSignInWorld(options: { fork: boolean }): Promise<SignInWorld> {
  const start = options.fork ? forkServer : localServer;
  const client = { clientId: 'bench-signin', clientSecret: randomBytes(32).toString('base64url') };
  const port = await freePort();
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of stops.splice(0).reverse()) await close();
  };
  try {
    const idp = await start({ role: 'idp', config: { ...client, appUrl: `http://127.0.0.1:${port}` } });
    stops.push(idp.close);
    const secret = randomBytes(32).toString('base64url');
    const app = await start({ role: 'app', config: { ...client, port, issuer: idp.url, secret } });
    stops.push(app.close);
    return { idp, app, client, forked: options.fork, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function localServer(role: Role): Promise<Server> {
  const server = role.role === 'idp' ? await startIdp(role.config, false) : await startApp(role.config, false);
  return { url: server.url, stats: async () => server.stats(), close: server.close };
}

async function forkServer(role: Role): Promise<Server> {
  let stderr = '';
  const child = fork(ENTRY, [], {
    cwd: PACKAGE_DIR,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SIGNIN_ROLE: JSON.stringify(role), TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const why = () => `${role.role}: ${stderr}`;
  try {
    const { url } = await next(child, 'ready', READY_TIMEOUT_MS, why);
    return {
      url,
      async stats() {
        const reply = next(child, 'stats', STATS_TIMEOUT_MS, why);
        child.send({ type: 'stats' });
        return (await reply).stats;
      },
      close: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** The child's next message of `type`; a `failed` message, an exit or a timeout reject. */
function next<T extends FromChild['type']>(child: ChildProcess, type: T, timeoutMs: number, why: () => string) {
  return nextMessage<FromChild, T>(
    child,
    type,
    timeoutMs,
    (what) => new Error(`${what}\n${why()}`),
    (message): message is FromChild => typeof (message as { type?: unknown } | null)?.type === 'string',
  );
}
