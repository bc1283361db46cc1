// A user's own app in a test: identity-web on Koa (@identity-web/koa), listening on 127.0.0.1
// before its settings exist (the CLI must know its URL), then configured from what `pnpm demo:idp`
// printed. `/me` answers who signed in, with which provider, and the kind of access token.
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIdentityWeb, type IdentityWeb, silentLogger } from '@identity-web/core';
import { type IdentityWebState, identityWeb } from '@identity-web/koa';
import type { createOidcProvider } from '@identity-web/oidc';
import Koa from 'koa';
import type { PrintedApp } from './printed-app.js';

type Provider = ReturnType<typeof createOidcProvider>;

/** What `/me` answers once signed in. */
export interface Me {
  readonly provider: string | undefined;
  readonly issuer: string;
  readonly subject: string;
  /** `Bearer`, or `DPoP` for a DPoP-bound token (FAPI 2.0). */
  readonly tokenType: string;
}

export interface OwnApp {
  /** `http://127.0.0.1:<port>`: what `--client <id>@<url>` gives the CLI. */
  readonly url: string;
  /** Starts serving identity-web with the printed settings; the API scope is consented at sign-in. */
  configure(printed: PrintedApp<Provider>): void;
  /** Starts serving `identity` as it is (an app configured by other code); its `/me` asks for no token. */
  serve(identity: IdentityWeb): void;
  close(): Promise<void>;
}

export async function startOwnApp(): Promise<OwnApp> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end('not configured yet');
  let identity: IdentityWeb | undefined;
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    configure(printed) {
      const { identityProvider, identityProviders, baseUrl, basePath } = printed;
      identity = createIdentityWeb({
        ...(identityProviders === undefined ? { identityProvider } : { identityProviders }),
        baseUrl,
        ...(basePath === undefined ? {} : { basePath }),
        secret: randomBytes(32).toString('base64url'),
        scopes: ['openid', 'profile', 'offline_access', 'api:read'],
        logger: silentLogger,
      });
      handler = koaApp(identity).callback();
    },
    serve(given) {
      identity = given;
      handler = koaApp(given, false).callback();
    },
    async close() {
      identity?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function koaApp(identity: IdentityWeb, token = true): Koa<IdentityWebState> {
  const app = new Koa<IdentityWebState>();
  app.use(identityWeb(identity));
  app.use(async (ctx) => {
    const { auth } = ctx.state;
    if (ctx.path !== '/me' || !auth.isAuthenticated) {
      ctx.status = 404;
      return;
    }
    const me: Me = {
      provider: auth.user.provider,
      issuer: auth.user.issuer,
      subject: auth.user.subject,
      tokenType: token ? (await auth.acquireToken(['api:read'])).tokenType : 'none',
    };
    ctx.body = me;
  });
  return app;
}
