import type { IdentityWeb } from '@identity-web/core';
import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import { SCENARIO_API_SCOPE, SCENARIO_BASE_URL, SCENARIO_GUARDS, type ScenarioApp } from './scenario-world.js';

// The smallest possible adapter, on Request/Response only: it proves the shared scenarios against
// the core itself, independent of Koa and Hono, and lets a storage package run worlds on its stores.

function webRequest(request: Request): HttpRequest {
  const url = new URL(request.url);
  const cookies = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return {
    method: request.method,
    url,
    header: (name) => request.headers.get(name) ?? undefined,
    cookie: (name) => cookies.get(name),
    readText: async (max) => {
      const text = await request.text();
      if (text.length > max) throw new Error('too large');
      return text;
    },
  };
}

function webResponse(result: HttpResult): Response {
  const headers = new Headers(result.headers);
  for (const c of result.cookies) {
    headers.append(
      'set-cookie',
      `${c.name}=${c.value}; Path=${c.options.path}; Max-Age=${c.options.maxAge}; SameSite=${c.options.sameSite}${c.options.httpOnly ? '; HttpOnly' : ''}${c.options.secure ? '; Secure' : ''}`,
    );
  }
  return new Response(result.body, { status: result.status, headers });
}

/**
 * A `ScenarioAppFactory` with no framework: the scenario routes on `Request`/`Response`,
 * straight on the core's HTTP surface. For storage packages that build worlds on their stores.
 *
 * @group Scenarios
 */
export async function webScenarioApp(identity: IdentityWeb): Promise<ScenarioApp> {
  const handle = async (request: Request): Promise<Response> => {
    const req = webRequest(request);
    const handled = await identity.http.handle(req);
    if (handled) return webResponse(handled);
    try {
      const auth = await identity.http.context(req);
      if (req.url.pathname === '/public') {
        return Response.json({ authenticated: auth.isAuthenticated, user: auth.user, csrfToken: auth.csrfToken });
      }
      if (req.url.pathname === '/optional') {
        const token = await auth.acquireToken(req.url.searchParams.get('scope') ?? SCENARIO_API_SCOPE);
        return Response.json({ accessToken: token.accessToken });
      }
      const guard = SCENARIO_GUARDS[req.url.pathname.slice(1) as keyof typeof SCENARIO_GUARDS];
      const denied = await identity.http.authorize(req, auth, guard);
      if (denied) return webResponse(denied);
      if (req.url.pathname === '/me' || guard !== undefined) return Response.json({ user: auth.user });
      if (req.url.pathname === '/call-api') {
        const token = await auth.acquireToken(req.url.searchParams.get('scope') ?? SCENARIO_API_SCOPE);
        return Response.json({ accessToken: token.accessToken });
      }
      if (req.url.pathname === '/sessions') return Response.json({ sessions: await auth.sessions() });
      if (req.url.pathname === '/downstream') {
        const answer = await auth.callApi('downstream', req.url.searchParams.get('path') ?? '/');
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      }
      return new Response('not found', { status: 404 });
    } catch (error) {
      const challenge = identity.http.handleError(req, error);
      if (challenge) return webResponse(challenge);
      return new Response('Internal Server Error', { status: 500 });
    }
  };
  // As an HTTP server does, a HEAD is answered with the GET's status and headers, and no body.
  const answer = async (request: Request): Promise<Response> => {
    const response = await handle(request);
    return request.method === 'HEAD' ? new Response(null, response) : response;
  };
  return { fetch: (path, init) => answer(new Request(new URL(path, SCENARIO_BASE_URL), init)) };
}
