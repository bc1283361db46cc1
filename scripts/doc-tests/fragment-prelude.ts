// The fragment prelude: names the doc blocks marked `<!-- doc-test: fragment -->` may use without
// declaring them (docs/contributing-docs.md). A fragment gets, appended after its own lines, each
// statement below that declares a name it uses but does not declare itself, and what those
// statements need in turn (an import of several names counts as one statement per name). Keep
// one declaration per statement, and the types honest: a fragment must compile exactly as it
// would in an app that has these names.
// biome-ignore-all lint/correctness/noUnusedImports: each import is appended to the fragments that use it.

import type { IdentityWeb } from '@identity-web/core';
import { createIdentityWeb, downstreamApi } from '@identity-web/core';
import { createIdentityWebApi } from '@identity-web/core/api';
import type { IdentityProvider } from '@identity-web/core/provider';
import type { IdentityWebEnv } from '@identity-web/hono';
import { authErrorHandler } from '@identity-web/hono';
import { createMsalProvider } from '@identity-web/msal';
import type { IdentityWebNext } from '@identity-web/next';
import type { OidcProviderOptions } from '@identity-web/oidc';
import { createOidcApiProvider, createOidcProvider, dpopBinding, privateKeyJwt } from '@identity-web/oidc';
import { createRedisStores } from '@identity-web/redis';
import type { ErrorHandler, Hono } from 'hono';
import type { createClient } from 'redis';

// The settings of an app.
declare const issuer: string;
declare const clientId: string;
declare const clientSecret: string;
declare const baseUrl: string;
declare const secret: string;
declare const identityProvider: IdentityProvider;
declare const options: OidcProviderOptions;
/** The runtime's variables: `process.env` on Node, the Worker's `env`. */
declare const env: {
  readonly OIDC_CLIENT_SECRET: string;
  readonly OIDC_KEY_2026: string;
  readonly OIDC_KEY_2025_JWK: string;
  readonly SHOP_SECRET: string;
  readonly PORTAL_SECRET: string;
};

// What an app has built.
declare const identity: IdentityWeb;
declare const app: Hono<IdentityWebEnv>;
declare const api: Hono<IdentityWebEnv>;
declare const apiErrors: ErrorHandler<IdentityWebEnv>;
/** A node-redis client the app made and connected. */
declare const redis: ReturnType<typeof createClient>;
/** The app's logger. */
declare const log: { info(message: string, fields?: Record<string, unknown>): void };

// What a Next.js app's lib/identity.ts exports (docs/next.md).
declare const handlers: IdentityWebNext['handlers'];
declare const auth: IdentityWebNext['auth'];
declare const requireAuth: IdentityWebNext['requireAuth'];
declare const withAuth: IdentityWebNext['withAuth'];
declare const withRequiredAuth: IdentityWebNext['withRequiredAuth'];
declare const identityProxy: IdentityWebNext['identityProxy'];
