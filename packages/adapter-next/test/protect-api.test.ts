import { describeApiScenarios } from '@identity-web/core/testing';
import { apiBackChannelLogout, protectApi } from '../src/index.js';

// The API-protection scenarios every adapter runs, through a Next.js route handler called as
// Next.js calls it: a Fetch request in, a Fetch response out.
describeApiScenarios('next', async (api, requirement) => {
  const handler = protectApi(api, requirement, async (_request, { api: caller }) => {
    const { subject, clientId, scopes, roles, scheme } = caller;
    return Response.json({ subject, clientId, scopes, roles, scheme });
  });
  const logout = apiBackChannelLogout(() => api);
  return {
    fetch: (path, init) => {
      const request = new Request(`http://127.0.0.1:3000${path}`, init);
      return path === '/back-channel-logout' ? logout(request) : handler(request, { params: {} });
    },
  };
});
