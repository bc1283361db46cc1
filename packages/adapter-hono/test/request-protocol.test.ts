// The request protocol the core runs for Hono, at its edges: a 5xx thrown behind protectApi
// (mounted before identityWeb()) that Hono's compose kept and its onError logged is answered as
// the API answers it, and its details are not written to console.error a second time.

import { SCENARIO_BASE_URL } from '@identity-web/core/testing';
import { identityWeb, protectApi } from '@identity-web/hono';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { closeProbe, down, fakeApi, probe } from '../../core/test/support/request-probe.js';

afterEach(closeProbe);

describe('a 5xx behind protectApi, kept by Hono and logged by its onError', () => {
  it('is reported once', async () => {
    const seen = await probe(
      async (identity) => {
        const app = new Hono();
        app.use('/api/*', protectApi(fakeApi));
        app.use(identityWeb(identity));
        app.get('/api/orders', () => {
          throw down();
        });
        return { fetch: async (p, init) => app.request(`${SCENARIO_BASE_URL}${p}`, init) };
      },
      '/api/orders',
      { accept: 'json' },
    );
    expect(seen.status).toBe(503);
    // Once, by Hono's onError; the details go to identity-web's logger too, as the web app logs them.
    expect(seen.consoleErrors).toHaveLength(1);
    expect(seen.identityErrors).toHaveLength(1);
  });
});
