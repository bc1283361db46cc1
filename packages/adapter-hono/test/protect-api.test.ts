import { describeApiScenarios } from '@identity-web/core/testing';
import { Hono } from 'hono';
import { type ApiEnv, apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';

// The API-protection scenarios every adapter runs, through Hono's own `app.request()`; the request
// URL's origin is the test's, not the API's `baseUrl`, as behind a proxy.
describeApiScenarios('hono', async (api, requirement) => {
  const app = new Hono<ApiEnv>();
  app.post('/back-channel-logout', apiBackChannelLogout(api));
  app.post('/security-events', apiSecurityEvents(api));
  app.on(['GET', 'POST'], '/whoami', protectApi(api, requirement), (c) => {
    const { subject, clientId, scopes, roles, scheme } = c.var.api;
    return c.json({ subject, clientId, scopes, roles, scheme });
  });
  return { fetch: async (path, init) => app.request(`http://127.0.0.1:8787${path}`, init) };
});
