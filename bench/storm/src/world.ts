import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startPrivateRedis } from '@identity-web-examples/demo/private-redis';
import { type DemoIdp, type RefreshGrantCounts, startDemoIdp } from '@identity-web-examples/demo-idp';
import { Browser, freePort } from '@identity-web-examples/example-support';
import { CRASH_MARKER, type FromInstance, type InstanceEnv, type ToInstance } from './protocol.js';

const ENTRY = fileURLToPath(new URL('./instance.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSCONFIG = fileURLToPath(new URL('../tsconfig.run.json', import.meta.url));
/** tsx compiles the library sources on start; a busy 2-core machine may take a while. */
const READY_TIMEOUT_MS = 60_000;

export interface WorldOptions {
  /** App instances, each its own process. Default 1. */
  readonly instances?: number;
  /** The stores: each instance's memory (one instance only) or one shared private Redis. */
  readonly stores: 'memory' | 'redis';
  /** The provider's access-token lifetime. */
  readonly accessTokenTtlSeconds: number;
}

/** One call of `GET /call-api`: the status, and the token or the error code. */
export interface CallResult {
  readonly status: number;
  readonly accessToken?: string;
  readonly error?: string;
}

/** A real OpenID provider, app instances as processes, and the users that sign in to them. */
export interface World {
  /** Each instance's origin (`http://127.0.0.1:<port>`). */
  readonly urls: readonly string[];
  readonly idp: DemoIdp;
  /** Live counters of the provider's refresh-token grants. */
  readonly grants: RefreshGrantCounts;
  /** Signs `login` in through the first instance, as a browser: the provider's login and consent pages. */
  signIn(login: string): Promise<Browser>;
  /** `GET /call-api` on instance `index` as a script, with the browser's cookies. */
  call(browser: Browser, index: number): Promise<CallResult>;
  /** Moves every instance's clock forward (the provider's stays). */
  advanceClock(ms: number): Promise<void>;
  /** Instances that exited or crashed, with their stderr. */
  failures(): string[];
  stop(): Promise<void>;
}

interface Instance {
  readonly child: ChildProcess;
  readonly name: string;
  stderr(): string;
}

function start(env: InstanceEnv): Promise<Instance> {
  let stderr = '';
  const child = fork(ENTRY, [], {
    cwd: PACKAGE_DIR,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const instance = { child, name: env.STORM_INSTANCE, stderr: () => stderr };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${env.STORM_INSTANCE} ${why}:\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before listening`));
    child.once('message', () => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve(instance);
    });
  });
}

async function stopOne({ child }: Instance): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function advance({ child }: Instance, ms: number): Promise<void> {
  return new Promise((resolve) => {
    child.once('message', (message: FromInstance) => {
      if (message.type === 'clock-advanced') resolve();
    });
    child.send({ type: 'advance-clock', ms } satisfies ToInstance);
  });
}

/**
 * Starts the demo's OpenID provider (oidc-provider, refresh tokens rotated on every use) with the
 * given access-token lifetime, a private redis-server when asked, and the instances — every one
 * registered at the provider under its own origin, all with one secret, so a browser signed in on
 * one is signed in on all.
 */
export async function startWorld(options: WorldOptions): Promise<World> {
  const count = options.instances ?? 1;
  if (options.stores === 'memory' && count !== 1) throw new Error('memory stores serve one instance only');
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of stops.splice(0).reverse()) await close();
  };
  try {
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const urls = ports.map((port) => `http://127.0.0.1:${port}`);
    const clientSecret = randomBytes(32).toString('base64url');
    const idp = await startDemoIdp({
      clients: [{ clientId: 'storm-app', clientSecret, baseUrl: urls[0]!, moreBaseUrls: urls.slice(1) }],
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      backChannel: false,
      frontChannel: false,
    });
    stops.push(idp.close);
    const redis = options.stores === 'redis' ? await startPrivateRedis(await freePort()) : undefined;
    if (redis) stops.push(redis.stop);
    const secret = randomBytes(32).toString('base64url');
    const started = await Promise.allSettled(
      urls.map((url, i) =>
        start({
          STORM_INSTANCE: `instance-${i + 1}`,
          STORM_PORT: String(ports[i]),
          STORM_ISSUER: idp.issuer,
          STORM_CLIENT_ID: 'storm-app',
          STORM_CLIENT_SECRET: clientSecret,
          STORM_BASE_URL: url,
          STORM_SECRET: secret,
          STORM_REDIS_PREFIX: 'storm:',
          ...(redis && { STORM_REDIS_URL: redis.url }),
        }),
      ),
    );
    const instances = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    stops.push(() => Promise.all(instances.map(stopOne)).then(() => undefined));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return {
      urls,
      idp,
      grants: idp.refreshGrants,
      async signIn(login) {
        const browser = new Browser(login);
        const page = await browser.navigate(`${urls[0]}/auth/sign-in?returnTo=/`);
        if (page.status !== 200 || page.html !== 'signed in') {
          throw new Error(`sign-in of ${login} ended on ${page.url} (${page.status}): ${page.html.slice(0, 300)}`);
        }
        return browser;
      },
      async call(browser, index) {
        const { status, body } = await browser.json(`${urls[index]}/call-api`);
        const fields = (body ?? {}) as { accessToken?: string; error?: string };
        return {
          status,
          ...(fields.accessToken !== undefined && { accessToken: fields.accessToken }),
          ...(fields.error !== undefined && { error: fields.error }),
        };
      },
      advanceClock: (ms) => Promise.all(instances.map((i) => advance(i, ms))).then(() => undefined),
      failures: () =>
        instances.flatMap(({ child, name, stderr }) => {
          const problems = stderr().includes(CRASH_MARKER) ? [`${name}: ${stderr()}`] : [];
          if (child.exitCode !== null || child.signalCode !== null) problems.push(`${name} exited`);
          return problems;
        }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
