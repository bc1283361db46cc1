import { WebHttpRequest } from '@identity-web/core/adapter';
import { describeApiScenarios } from '@identity-web/core/testing';

// The API-protection scenarios on the core alone: the guard called with a Fetch request, its
// verdict written as a Fetch response, as the thinnest adapter would (the mutation tests run these).
describeApiScenarios('the core', async (api, requirement) => {
  const guard = api.guard(requirement);
  const events = api.securityEvents();
  return {
    fetch: async (path, init) => {
      const request = new WebHttpRequest(new Request(`http://127.0.0.1${path}`, init), api.origin);
      const answer = (result: { status: number; headers: Record<string, string>; body: string | null }) =>
        new Response(result.body, { status: result.status, headers: result.headers });
      if (path === '/back-channel-logout') return answer(await api.backChannelLogout(request));
      if (path === '/security-events') return answer(await events(request));
      const verdict = await guard(request);
      if (verdict.caller === null) return answer(verdict.answer);
      const { subject, clientId, scopes, roles, scheme } = verdict.caller;
      return Response.json({ subject, clientId, scopes, roles, scheme }, { headers: verdict.headers });
    },
  };
});
