// The app instance processes of the multi-instance tests of both network stores (Redis and
// PostgreSQL): each store's instances.ts names its instance-app.ts and its settings.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { FAKE_OPENID } from '@identity-web/oidc/testing';
import { CRASH_MARKER, type InstanceEnv, type InstanceMessage } from './protocol.js';

/** tsx compiles the library sources on start; a busy 2-core machine may take a while. */
const READY_TIMEOUT_MS = 60_000;

/** One running app instance process. */
export interface Instance {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  stderr(): string;
}

/** The instances of one app, sharing a store and a provider. */
export interface Instances {
  readonly all: readonly Instance[];
  /** Stops one instance the hard way (SIGKILL): no `close()`, no lease released. */
  kill(instance: Instance): Promise<void>;
  /** The public origin every instance is configured with (nothing listens there). */
  readonly baseUrl: string;
  /** Instances that exited, and crash reports (unhandled rejections or exceptions) on stderr. */
  failures(): string[];
  stop(): Promise<void>;
}

export interface InstanceProcessesOptions {
  readonly count: number;
  /**
   * The process's entry: a store package's `test/support/multi/instance-app.ts`, run in that
   * package (its directory, its `tsconfig.run.json`).
   */
  readonly entry: URL;
  /** The store's settings of each instance, by its index: `IW_STORE_URL`, `IW_STORE_PREFIX`, `IW_STORE_TIMEOUT_MS`. */
  readonly storeEnv: (index: number) => Readonly<Record<string, string>>;
  readonly idpUrl: string;
  /** The shared transmitter's issuer (none: no Shared Signals), and how its security events reach the instances. */
  readonly ssfIssuer?: string;
  readonly ssfDelivery?: 'push' | 'poll';
}

function start(entry: URL, name: string, env: InstanceEnv & Readonly<Record<string, string>>): Promise<Instance> {
  let stderr = '';
  const child = fork(fileURLToPath(entry), [], {
    cwd: fileURLToPath(new URL('../../..', entry)),
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../../tsconfig.run.json', entry)) },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`instance ${name} ${why}:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
    child.once('message', (message: InstanceMessage) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ name, url: `http://127.0.0.1:${message.port}`, child, stderr: () => stderr });
    });
  });
}

async function stopOne(instance: Instance): Promise<void> {
  const { child } = instance;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Forks `count` instances (same Node, tsx loader) with one secret and one public origin, and waits until each listens. */
export async function startInstanceProcesses(options: InstanceProcessesOptions): Promise<Instances> {
  const shared = {
    IW_ISSUER: FAKE_OPENID.issuer,
    IW_IDP_URL: options.idpUrl,
    IW_CLIENT_ID: FAKE_OPENID.clientId,
    IW_CLIENT_SECRET: FAKE_OPENID.clientSecret,
    IW_BASE_URL: 'http://localhost:3000',
    IW_SECRET: randomBytes(32).toString('base64url'),
    IW_SSF_ISSUER: options.ssfIssuer ?? '',
    IW_SSF_DELIVERY: options.ssfDelivery ?? 'push',
  };
  const names = Array.from({ length: options.count }, (_, i) => `instance-${i + 1}`);
  const settled = await Promise.allSettled(
    names.map((name, i) => start(options.entry, name, { ...options.storeEnv(i), ...shared, IW_INSTANCE: name })),
  );
  const all = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stop = () => Promise.all(all.map(stopOne)).then(() => undefined);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const killed = new Set<Instance>();
  return {
    all,
    kill: async (instance) => {
      killed.add(instance);
      const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
      instance.child.kill('SIGKILL');
      await exited;
    },
    baseUrl: shared.IW_BASE_URL,
    failures: () =>
      all.flatMap((instance) => {
        if (killed.has(instance)) return [];
        const { exitCode, signalCode } = instance.child;
        const problems = instance.stderr().includes(CRASH_MARKER) ? [`${instance.name}: ${instance.stderr()}`] : [];
        if (exitCode !== null || signalCode !== null)
          problems.push(`${instance.name} exited (${signalCode ?? exitCode})`);
        return problems;
      }),
    stop,
  };
}
