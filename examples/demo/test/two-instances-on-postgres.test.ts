import { expect, it } from 'vitest';
import { startDemo } from '../src/index.js';
import { postgresAvailable } from '../src/private-postgres.js';
import { describeTwoInstances } from './support/two-instances.js';

// `pnpm demo --postgres`: the Koa app twice, sharing a private PostgreSQL, driven over real HTTP.
describeTwoInstances('postgres', postgresAvailable("the demo's --postgres tests"));

it('refuses Redis and PostgreSQL together before starting anything: the apps take one store', async () => {
  await expect(startDemo({ redis: {}, postgres: {} })).rejects.toThrow(/"redis" and "postgres" do not go together/);
});
