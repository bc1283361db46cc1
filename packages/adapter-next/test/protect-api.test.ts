import { describeApiScenarios } from '@identity-web/core/testing';
import { apiBackChannelLogout, apiSecurityEvents, protectApi } from '../src/index.js';

// The API-protection scenarios every adapter runs, through a Next.js route handler called as
// Next.js calls it: a Fetch request in, a Fetch response out.
describeApiScenarios('next', async (api, requirement) => {
  const handler = protectApi(api, requirement, async (_request, { api: caller }) => {
    const { subject, clientId, scopes, roles, scheme } = caller;
    return Response.json({ subject, clientId, scopes, roles, scheme });
  });
  const logout = apiBackChannelLogout(() => api);
  const events = apiSecurityEvents(api);
  return {
    fetch: (path, init) => {
      const request = new Request(`http://127.0.0.1:3000${path}`, init);
      if (path === '/back-channel-logout') return logout(request);
      return path === '/security-events' ? events(request) : handler(request, { params: {} });
    },
  };
});
