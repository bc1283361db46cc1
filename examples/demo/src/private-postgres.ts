// A PostgreSQL server the demo starts for itself (`--postgres` without DATABASE_URL), also used by
// the examples' tests and bench:http: `initdb` in a temporary directory, `postgres` on a loopback
// port, stopped and removed with whatever started it.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server started for this process. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: trust authentication, on the loopback only. */
  readonly url: string;
  /** Stops the server (a fast shutdown: open connections are ended) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
}

const HOW = 'install it (apt-get install -y postgresql) or set DATABASE_URL to a PostgreSQL of yours';
/** Debian and Ubuntu install the server outside PATH: /usr/lib/postgresql/<major>/bin. */
const DEBIAN = '/usr/lib/postgresql';
/** PostgreSQL refuses to run as root: there, `initdb` and `postgres` run as the `postgres` user. */
const AS_ROOT = process.getuid?.() === 0;

/** The directory holding `initdb` and `postgres` (`''`: on PATH), or `null` when there is none. */
export function postgresBinDir(): string | null {
  const onPath = (bin: string) => spawnSync(bin, ['--version']).status === 0;
  if (onPath('initdb') && onPath('postgres')) return '';
  if (!existsSync(DEBIAN)) return null;
  const majors = readdirSync(DEBIAN).filter((name) => /^\d+$/.test(name));
  for (const major of majors.sort((a, b) => Number(b) - Number(a))) {
    const dir = join(DEBIAN, major, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  return null;
}

/** `[command, args]` running a server binary, as the `postgres` user when this process is root. */
function command(bin: string, name: 'initdb' | 'postgres', args: string[]): [string, string[]] {
  const path = bin === '' ? name : join(bin, name);
  return AS_ROOT
    ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', path, ...args]]
    : [path, args];
}

/** Resolves once `postgres` logs that it accepts connections; rejects when it exits first or takes over 30 s. */
function ready(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => fail('no answer in 30 s'), 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`the private PostgreSQL did not start: ${why}\n${log.trim()}`));
    };
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`postgres exited (${code})`));
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (!log.includes('ready to accept connections')) return;
      clearTimeout(timer);
      child.stderr?.removeAllListeners('data').resume(); // read on, so the server never blocks on a full pipe
      resolve();
    });
  });
}

/**
 * Starts PostgreSQL on 127.0.0.1:port: a new cluster (`initdb`, about 1.5 s) in a temporary
 * directory, durability off (nothing in it outlives the process). Should this process exit without
 * `stop()` (`process.exit`, an uncaught error), the server is killed and its directory removed on
 * the way out. Throws, saying how to install the server, without the binaries.
 */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (bin === null) throw new Error(`the private PostgreSQL needs initdb and postgres: ${HOW}`);
  const dir = mkdtempSync(join(tmpdir(), 'iw-postgres-'));
  const data = join(dir, 'data');
  try {
    if (AS_ROOT) spawnSync('chown', ['postgres', dir]);
    const initdb = ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'];
    const made = spawnSync(...command(bin, 'initdb', initdb), { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`initdb failed: ${made.stderr || made.error?.message}; ${HOW}`);
    const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'full_page_writes=off', 'max_connections=200'];
    const args = ['-D', data, '-p', String(port), '-k', dir, ...settings.flatMap((s) => ['-c', s])];
    const child = spawn(...command(bin, 'postgres', args), { stdio: ['ignore', 'ignore', 'pipe'] });
    // A process that exits without stop() must not leave its PostgreSQL behind (SIGQUIT: immediate shutdown).
    const killOnExit = () => {
      child.kill('SIGQUIT');
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {} // files the server is still writing: the directory is in the system's temporary folder
    };
    process.once('exit', killOnExit);
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const halt = async () => {
      process.off('exit', killOnExit);
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT'); // a fast shutdown
      const timer = setTimeout(() => child.kill('SIGQUIT'), 5_000);
      await exited;
      clearTimeout(timer);
    };
    try {
      await ready(child);
    } catch (error) {
      await halt();
      throw error;
    }
    let stopping: Promise<void> | undefined;
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      stop: () => {
        stopping ??= halt().then(() => rmSync(dir, { recursive: true, force: true }));
        return stopping;
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Whether `initdb` and `postgres` are installed, for a test that starts a private PostgreSQL:
 * without them it is skipped with one loud line naming `what`, unless REQUIRE_POSTGRES=1 (as in
 * CI), where a missing server is an error.
 */
export function postgresAvailable(what: string): boolean {
  if (postgresBinDir() !== null) return true;
  const how = 'apt-get install -y postgresql, then rerun';
  if (process.env.REQUIRE_POSTGRES === '1')
    throw new Error(`REQUIRE_POSTGRES=1 but initdb and postgres are not installed: ${how}`);
  console.warn(`\n*** SKIPPED: ${what} needs initdb and postgres: ${how} ***\n`);
  return false;
}
