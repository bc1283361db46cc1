import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiIntrospectionOptions, createIdentityWebApi } from '@identity-web/core/api';
import { type ApiState, protectApi } from '@identity-web/koa';
import { createOidcApiProvider } from '@identity-web/oidc';
import Koa from 'koa';

export interface DownstreamApiOptions {
  /** The IdP whose access tokens are accepted, exactly as its discovery document spells it. */
  readonly issuer?: string;
  /**
   * Instead of `issuer`: several IdPs whose access tokens are accepted, each verified with its own
   * keys (a token's `iss` says whose; a token naming one issuer and signed by another is refused).
   */
  readonly issuers?: readonly string[];
  /** This API's resource indicator, the `aud` of its tokens. Default `api://identity-web-demo`. */
  readonly audience?: string;
  /** A token must carry one of these. Default `['api:read', 'api:write']`. */
  readonly scopes?: readonly string[];
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Refuse `Bearer` tokens: every token must come with a DPoP proof (RFC 9449), and a `Bearer`
   * request is answered with a `DPoP` challenge. Default false: both schemes are accepted.
   */
  readonly requireDpop?: boolean;
  /**
   * Require in every DPoP proof a nonce the API issued (RFC 9449 §9), sent in the `DPoP-Nonce`
   * header of each answer; a proof without it gets 401 `use_dpop_nonce`. Default false.
   */
  readonly dpopNonce?: boolean;
  /**
   * Opaque access tokens, asked about at the provider (RFC 7662): `true` or the options of
   * `createIdentityWebApi`'s `introspection`. Needs `client`: the introspection endpoint answers
   * authenticated clients. Default: off, an opaque token is refused.
   */
  readonly introspection?: true | ApiIntrospectionOptions;
  /** The API's own client at the provider, for introspection. Default: none (the discovery document and keys are public). */
  readonly client?: { readonly clientId: string; readonly clientSecret: string };
}

export interface DownstreamApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The endpoint the apps call: `GET <url>/whoami`. */
  readonly whoamiUrl: string;
  close(): Promise<void>;
}

const REALM = 'identity-web-demo-api';

/** `issuer`, or the list `issuers`: one of the two, each an absolute http(s) URL. */
function trustedIssuers(options: DownstreamApiOptions): readonly string[] {
  const { issuer, issuers } = options;
  if ((issuer === undefined) === (issuers === undefined)) {
    throw new TypeError('startDownstreamApi: set one of "issuer" and "issuers"');
  }
  const list: readonly unknown[] = issuers ?? [issuer];
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('startDownstreamApi: "issuers" must be a non-empty list of issuers');
  }
  list.forEach((entry, i) => {
    const url = typeof entry === 'string' ? URL.parse(entry) : null;
    if (url === null || !/^https?:$/.test(url.protocol)) {
      const option = issuers === undefined ? 'issuer' : `issuers[${i}]`;
      throw new TypeError(`startDownstreamApi: "${option}" must be an absolute http(s) URL`);
    }
  });
  return [...new Set(list as readonly string[])];
}

/**
 * The downstream web API of the examples. `GET /whoami` with a valid access token of the IdP
 * answers `{ sub, scope, client_id }`: which user, with which permissions, through which app.
 * The token comes as `Bearer` (RFC 6750) or, bound to the client's key, as `DPoP` with a proof
 * (RFC 9449); `requireDpop` and `dpopNonce` make DPoP, and a nonce in each proof, mandatory.
 *
 * @example
 * const api = await startDownstreamApi({ issuer: idp.issuer }); // or issuers: [idp.issuer, partner.issuer]
 * // DOWNSTREAM_API_URL=api.whoamiUrl
 */
export async function startDownstreamApi(options: DownstreamApiOptions): Promise<DownstreamApi> {
  const issuers = trustedIssuers(options);
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server = createServer((req, res) => handle?.(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  // The API's own address, which DPoP proofs must name: known once listening, before the first request.
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = createIdentityWebApi({
    // The issuer's discovery document and keys; the client's secret only to introspect.
    identityProviders: issuers.map((issuer) =>
      createOidcApiProvider({
        issuer,
        clientId: options.client?.clientId ?? 'downstream-api',
        ...(options.client !== undefined && { clientSecret: options.client.clientSecret }),
        allowInsecureRequests: true,
      }),
    ),
    audience: options.audience ?? 'api://identity-web-demo',
    baseUrl: url,
    dpop: { required: options.requireDpop ?? false, nonce: options.dpopNonce ?? false },
    realm: REALM,
    // With several issuers, the first introspects (the options' own `issuer` may name another).
    ...(options.introspection !== undefined && {
      introspection: { issuer: issuers[0], ...(options.introspection === true ? {} : options.introspection) },
    }),
  });
  const app = new Koa<ApiState>();
  app.use(async (ctx, next) => {
    if (ctx.path !== '/whoami') {
      ctx.status = 404;
      ctx.body = { error: 'not_found' };
      return;
    }
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
      ctx.set('allow', 'GET, HEAD');
      ctx.status = 405;
      ctx.body = { error: 'method_not_allowed' };
      return;
    }
    await next();
  });
  app.use(protectApi(api, { scopes: { anyOf: options.scopes ?? ['api:read', 'api:write'] } }));
  app.use((ctx) => {
    const { subject, scopes, clientId } = ctx.state.api;
    ctx.set('cache-control', 'no-store');
    ctx.body = { sub: subject, scope: scopes.join(' '), client_id: clientId };
  });
  handle = app.callback();
  return {
    url,
    whoamiUrl: `${url}/whoami`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
