// Where the PostgreSQL server binaries are: on PATH, or in Debian's versioned directory.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Debian and Ubuntu install the server outside PATH: /usr/lib/postgresql/<major>/bin. */
const DEBIAN = '/usr/lib/postgresql';

function onPath(bin: string): boolean {
  return spawnSync(bin, ['--version']).status === 0;
}

/** The directory holding `initdb` and `postgres` (`''`: on PATH), or `null` when there is none. */
export function postgresBinDir(): string | null {
  if (onPath('initdb') && onPath('postgres')) return '';
  if (!existsSync(DEBIAN)) return null;
  const majors = readdirSync(DEBIAN)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const dir = join(DEBIAN, major, 'bin');
    if (existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  return null;
}

/** The full name of a server binary. */
export function binary(name: 'initdb' | 'postgres' | 'pg_basebackup'): string {
  const dir = postgresBinDir();
  if (dir === null) throw new Error('no PostgreSQL server binaries');
  return dir === '' ? name : join(dir, name);
}
