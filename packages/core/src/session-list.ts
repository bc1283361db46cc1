// The session list: a user's live sessions (`auth.sessions()`, `identity.sessionsOf()`), ending one
// of them (`auth.signOutSession()`, `POST /sign-out-session`, `identity.signOutSession()`) and the
// device each sign-in records for the list. An app turns it on with `session: { list: sessionList }`,
// importing it; nothing `createIdentityWeb` reaches imports this file, so an app without it bundles
// none of it.
import { ownSessionList } from './config/resolve-session.js';
import type { SessionListWiring } from './create-identity-web.js';
import { deviceSummary } from './http/device.js';
import { SignOutSessionRoutes } from './http/sign-out-session.routes.js';
import { EndUserSession } from './use-cases/end-user-session.js';
import { ListUserSessions } from './use-cases/list-user-sessions.js';

/** Registered as singletons in the container of each instance the list is wired into. */
const SERVICES = [ListUserSessions, EndUserSession, SignOutSessionRoutes] as const;

const list: SessionListWiring = {
  lists: 'sessions',
  wire(c) {
    for (const service of SERVICES) c.registerSingleton(service as never);
    return {
      routes: [
        {
          method: 'POST',
          path: '/sign-out-session',
          route: (req) => c.resolve(SignOutSessionRoutes).signOutSession(req),
        },
      ],
      list: (user, currentSessionId) => c.resolve(ListUserSessions).execute(user, currentSessionId),
      end: (user, handle, reason) => c.resolve(EndUserSession).execute(user, handle, reason),
      device: deviceSummary,
    };
  },
};

/**
 * The session list, for `createIdentityWeb({ session: { list: sessionList } })`: `auth.sessions()`
 * and `auth.signOutSession()` for a "your devices" page, `POST {basePath}/sign-out-session`,
 * `identity.sessionsOf()` and `identity.signOutSession()` for admin pages and jobs.
 *
 * @example
 * ```ts
 * import { createIdentityWeb, sessionList } from '@identity-web/core';
 *
 * const identity = createIdentityWeb({ identityProvider, baseUrl, secret, session: { list: sessionList } });
 * ```
 *
 * @group Setup
 */
export const sessionList: {
  /** What it lists. */
  readonly lists: 'sessions';
} = /* @__PURE__ */ ownSessionList(list);
