import type { IdentityWeb } from '@identity-web/core';
import { SCENARIO_API_SCOPE, SCENARIO_BASE_URL, SCENARIO_GUARDS, type ScenarioApp } from '@identity-web/core/testing';
import { authErrorHandler, type IdentityWebEnv, identityWeb, requireAuth } from '@identity-web/hono';
import { type ErrorHandler, Hono } from 'hono';

/**
 * The routes the shared scenarios expect (see `describeAdapterScenarios`), in plain Hono;
 * `onError`: the app's error handler (default `authErrorHandler()`; `null`: none, Hono's own).
 */
export function scenarioHono(
  identity: IdentityWeb,
  onError: ErrorHandler<IdentityWebEnv> | null = authErrorHandler(),
): Hono<IdentityWebEnv> {
  const app = new Hono<IdentityWebEnv>();
  app.use(identityWeb(identity));
  if (onError !== null) app.onError(onError);
  app.get('/public', (c) => {
    const { isAuthenticated, user, csrfToken } = c.var.auth;
    return c.json({ authenticated: isAuthenticated, user, csrfToken });
  });
  app.get('/optional', async (c) => {
    // The route prepares its JSON answer's headers before it needs a token, as the other apps do.
    c.header('x-route', 'partial');
    c.header('content-type', 'application/json');
    const token = await c.var.auth.acquireToken(c.req.query('scope') ?? SCENARIO_API_SCOPE);
    return c.json({ accessToken: token.accessToken });
  });
  app.get('/me', requireAuth(), (c) => c.json({ user: c.var.auth.user }));
  for (const [route, options] of Object.entries(SCENARIO_GUARDS)) {
    app.get(`/${route}`, requireAuth(options), (c) => c.json({ user: c.var.auth.user }));
  }
  app.get('/call-api', requireAuth(), async (c) => {
    const token = await c.var.auth.acquireToken(c.req.query('scope') ?? SCENARIO_API_SCOPE);
    return c.json({ accessToken: token.accessToken });
  });
  app.get('/sessions', requireAuth(), async (c) => c.json({ sessions: await c.var.auth.sessions() }));
  app.get('/downstream', requireAuth(), async (c) => {
    const answer = await c.var.auth.callApi('downstream', c.req.query('path') ?? '/');
    const type = answer.headers.get('content-type');
    // Streamed through: the API's body is never buffered here.
    return new Response(answer.body, { status: answer.status, headers: type === null ? {} : { 'content-type': type } });
  });
  return app;
}

/** `app.request()` with the scenarios' origin, so the URL the core sees is the app's real one. */
export function requestOf(app: Hono<IdentityWebEnv>): ScenarioApp['fetch'] {
  return async (path, init) => app.request(`${SCENARIO_BASE_URL}${path}`, init);
}

export async function scenarioApp(identity: IdentityWeb): Promise<ScenarioApp> {
  return { fetch: requestOf(scenarioHono(identity)) };
}
