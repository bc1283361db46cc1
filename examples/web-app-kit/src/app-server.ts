// The parts of the example apps' routes and servers that are the same in every framework: which
// API a `/call-api?scope=` asks for and the call itself, the home page, and a Node server's start
// and stop in the order a sign-out needs (revocations finish, then the instance, then the stores).
import type { Server } from 'node:http';
import { type AuthContext, type IdentityWeb, isIdentityWebError, type SignedInAuthContext } from '@identity-web/core';
import type { AppIdentity, AppSettings } from './app-identity.ts';
import { apiAnswer, escapeHtml, layout, userAndLinks } from './views.ts';

/** A started example app. */
export interface RunningApp {
  /** Its public origin (`IDENTITY_WEB_BASE_URL`). */
  readonly url: string;
  readonly identity: IdentityWeb;
  close(): Promise<void>;
}

/** What `/call-api` answers: a status and a JSON body. */
export interface ApiCallAnswer {
  readonly status: 200 | 400 | 502;
  readonly body: unknown;
}

/**
 * `GET /call-api?scope=`: calls the configured API as the user, with the token for `api` (the
 * scopes consented at sign-in) or for one extra scope, by its name. Never a scope the URL makes
 * up: one the provider does not grant would loop through sign-in (400). The token comes from the
 * cache (refreshed when due) and goes only to the configured API. A scope not consented yet, or a
 * claims challenge from the API, throws InteractionRequiredError, which the app's identity-web
 * middleware turns into a trip to the provider and back; no answer (the API is down) is a 502.
 */
export async function callApiAs(
  auth: Pick<SignedInAuthContext, 'callApi'>,
  config: AppSettings,
  scope: unknown,
): Promise<ApiCallAnswer> {
  const { api } = config;
  const asked = typeof scope === 'string' && scope !== '' ? scope : undefined;
  const name = asked === undefined || api.scopes.includes(asked) ? 'api' : asked;
  if (name !== 'api' && !api.extraScopes.includes(name)) {
    const allowed = [...api.scopes, ...api.extraScopes].join(' ');
    return { status: 400, body: { error: 'invalid_scope', error_description: `"scope" must be among: ${allowed}` } };
  }
  const url = new URL(api.url);
  const response = await auth
    .callApi(name, `${url.pathname}${url.search}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    })
    .catch(unlessIdentityWebError);
  const body = await apiAnswer(api.url, name === 'api' ? api.scopes : [name], response);
  return { status: response === undefined ? 502 : 200, body };
}

/** A network failure means no answer; an identity-web error (a challenge) goes on to the app's middleware. */
function unlessIdentityWebError(error: unknown): undefined {
  if (isIdentityWebError(error)) throw error;
  return undefined;
}

/**
 * `GET /`: who is signed in (and with which provider, when the app has several), and the
 * sign-out form: a POST carrying the session's CSRF token. `more` is HTML of the app's own.
 */
export function homePage(appName: string, auth: AuthContext, config: AppSettings, more = ''): string {
  if (!auth.isAuthenticated) {
    // With several providers, /auth/sign-in answers a page with one link per provider.
    const signIn = `<p>You are not signed in.</p><p><a href="${escapeHtml(auth.signInUrl('/'))}">Sign in</a></p>`;
    return layout(appName, 'Welcome', signIn);
  }
  const { user } = auth;
  // With several providers: the one that signed this user in (its name under identityProviders).
  const provider =
    user.provider === undefined
      ? ''
      : `<p id="provider">Signed in with <strong>${escapeHtml(user.provider)}</strong></p>\n`;
  return layout(
    appName,
    `Hello ${user.name ?? user.username ?? user.subject}`,
    `${provider}${userAndLinks(user, config.api)}${more}
<form method="post" action="${escapeHtml(auth.signOutUrl)}">
<input type="hidden" name="csrf" value="${escapeHtml(auth.csrfToken)}"><button type="submit">Sign out</button></form>`,
  );
}

/** How an app's server starts listening and stops: a Node server's by `nodeServer`, Fastify's its own. */
export interface AppServer {
  listen(): Promise<void>;
  close(): Promise<void>;
}

/** A Node HTTP server on the configured host and port. */
export function nodeServer(server: Server, config: AppSettings): AppServer {
  return {
    listen: () =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          resolve();
        });
      }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Starts the server. A failure to listen (the port is taken, most likely) closes the instance and
 * the stores before it rejects. `close()` lets sign-outs' revocations finish (each within the
 * provider's time limit), closes the instance, then the server, then the stores' connections:
 * nothing is served any more by then.
 */
export async function runApp(app: AppIdentity, server: AppServer): Promise<RunningApp> {
  const { config, identity, closeStores } = app;
  try {
    await server.listen();
  } catch (error) {
    identity.close();
    await server.close();
    await closeStores();
    throw error;
  }
  const close = async () => {
    await identity.settled();
    identity.close();
    await server.close();
    await closeStores();
  };
  return { url: new URL(config.baseUrl).origin, identity, close };
}
