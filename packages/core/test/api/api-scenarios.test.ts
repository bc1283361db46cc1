import { WebHttpRequest } from '@identity-web/core/adapter';
import { describeApiScenarios } from '@identity-web/core/testing';

// The API-protection scenarios on the core alone: the guard called with a Fetch request, its
// verdict written as a Fetch response, as the thinnest adapter would (the mutation tests run these).
describeApiScenarios('the core', async (api, requirement) => {
  const guard = api.guard(requirement);
  return {
    fetch: async (path, init) => {
      const verdict = await guard(new WebHttpRequest(new Request(`http://127.0.0.1${path}`, init), api.origin));
      if (verdict.caller === null) {
        const { status, headers, body } = verdict.answer;
        return new Response(body, { status, headers });
      }
      const { subject, clientId, scopes, roles, scheme } = verdict.caller;
      return Response.json({ subject, clientId, scopes, roles, scheme }, { headers: verdict.headers });
    },
  };
});
