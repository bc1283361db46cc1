import type { IdentityWeb } from '@identity-web/core';
import { SCENARIO_API_SCOPE, SCENARIO_BASE_URL, SCENARIO_GUARDS, type ScenarioApp } from '@identity-web/core/testing';
import { nextIdentityWeb } from '@identity-web/next';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

let instances = 0;

/**
 * The routes the shared scenarios expect (see `describeAdapterScenarios`), as a Next.js app writes
 * them: the catch-all auth route and route handlers, dispatched by path as Next.js's router does.
 * Each world's instance is registered under a name of its own (one server process, many worlds):
 * the counter alone could repeat a name if this module were evaluated again in the same worker,
 * whose registry on globalThis would then hand back another world's instance.
 */
export function scenarioRoutes(identity: IdentityWeb): (request: Request) => Promise<Response> {
  const { handlers, withAuth, withRequiredAuth } = nextIdentityWeb(() => identity, {
    name: `world-${++instances}-${crypto.randomUUID()}`,
  });
  // As app/auth/[...identity]/route.ts takes them: `export const { GET, POST } = handlers;`
  const { GET, POST } = handlers;
  const routes = new Map<string, Handler>([
    [
      '/public',
      withAuth((_request, { auth }) => {
        const { isAuthenticated, user, csrfToken } = auth;
        return Response.json({ authenticated: isAuthenticated, user, csrfToken });
      }),
    ],
    [
      '/optional',
      withAuth(async (request, { auth }) => {
        const scope = new URL(request.url).searchParams.get('scope') ?? SCENARIO_API_SCOPE;
        return Response.json({ accessToken: (await auth.acquireToken(scope)).accessToken });
      }),
    ],
    ['/me', withRequiredAuth((_request, { auth }) => Response.json({ user: auth.user }))],
    ...Object.entries(SCENARIO_GUARDS).map(([route, options]): [string, Handler] => [
      `/${route}`,
      withRequiredAuth((_request, { auth }) => Response.json({ user: auth.user }), options),
    ]),
    [
      '/call-api',
      withRequiredAuth(async (request, { auth }) => {
        const scope = new URL(request.url).searchParams.get('scope') ?? SCENARIO_API_SCOPE;
        return Response.json({ accessToken: (await auth.acquireToken(scope)).accessToken });
      }),
    ],
    ['/sessions', withRequiredAuth(async (_request, { auth }) => Response.json({ sessions: await auth.sessions() }))],
    [
      '/downstream',
      withRequiredAuth(async (request, { auth }) => {
        const answer = await auth.callApi('downstream', new URL(request.url).searchParams.get('path') ?? '/');
        const type = answer.headers.get('content-type');
        return new Response(answer.body, {
          status: answer.status,
          headers: type === null ? {} : { 'content-type': type },
        });
      }),
    ],
  ]);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/auth/')) {
      if (request.method === 'GET' || request.method === 'HEAD') return GET(request);
      if (request.method === 'POST') return POST(request);
      return new Response(null, { status: 405, headers: { allow: 'GET, HEAD, POST' } }); // as Next.js answers
    }
    const route = routes.get(pathname);
    const head = request.method === 'HEAD';
    if (route === undefined || (request.method !== 'GET' && !head)) return new Response('not found', { status: 404 });
    // Next.js answers a handler's uncaught error with a bare 500, and a HEAD with GET's answer, bodiless.
    const answer = await route(request, { params: Promise.resolve({}) }).catch(
      () => new Response(null, { status: 500 }),
    );
    return head ? new Response(null, answer) : answer;
  };
}

export async function scenarioApp(identity: IdentityWeb): Promise<ScenarioApp> {
  const routes = scenarioRoutes(identity);
  return { fetch: (path, init) => routes(new Request(`${SCENARIO_BASE_URL}${path}`, init)) };
}
