// The migrations, in order. A new one is a new file here, never an edit of an applied one.
import type { Tables } from '../tables.js';
import * as tables from './001-tables.js';

/** One versioned step of the schema, its SQL for one schema and table prefix. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  sql(t: Tables): string;
}

export const MIGRATIONS: readonly Migration[] = [tables];

/** The schema version the stores need: the last migration's. */
export const LATEST = MIGRATIONS.at(-1)!.version;
