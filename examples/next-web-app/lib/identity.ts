// The app's identity-web instance (made by web-app-kit's app-identity.ts, as every example app's
// is) and its parts for route handlers, server components and proxy.ts.
import type { IdentityWeb } from '@identity-web/core';
import { nextIdentityWeb } from '@identity-web/next';
import { createAppIdentity, type Env, readEnv } from '@identity-web-examples/web-app-kit';

export const APP_NAME = 'Next.js web app';

/** The app's settings, read from the environment once (see README.md). */
export const settings = () => readEnv(process.env as Env);

/**
 * Made at the first request, once per server process: `next build` never makes one, and each of
 * Next.js's bundles (the proxy's, the pages') finds the same instance. Who signs users in, where
 * sessions and tokens live, and the instance itself are the same for every example app, in
 * web-app-kit's app-identity.ts; the Redis or PostgreSQL connections stay open for the process's life.
 */
const createIdentity = (): IdentityWeb => createAppIdentity(process.env as Env).identity;

// Its parts: the auth routes' handlers, `auth()`/`requireAuth()` for server components and
// actions, `withAuth` for route handlers, and the proxy.
export const { handlers, auth, requireAuth, withAuth, identityProxy, identity } = nextIdentityWeb(createIdentity);
