// RFC 8693 token exchange for the demo's middle tier, which oidc-provider has none of built in: the
// user's access token for the middle tier in, an access token of the downstream API for the same
// user out; and the provider's sign-outs of a session carried on to the middle tier that acted in it.
import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { resourceServerInfo } from './api-resource.js';
import { type ResolvedMiddleTier, TOKEN_EXCHANGE } from './middle-tier.js';
import type { ResolvedOptions } from './options.js';

const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

/** Sessions remembered for forwarding sign-outs; the oldest go past this many (memory stays bounded). */
const MAX_SESSIONS = 10_000;

interface ExchangeContext {
  readonly oidc: {
    readonly params: Record<string, string | undefined>;
    readonly client: { readonly clientId: string };
  };
  body: unknown;
}

/** What oidc-provider's `Client` offers for a logout: the logout token POSTed to its URI. */
interface LogoutClient {
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

/** The IdP's public signing keys by algorithm: the subject token is one of this IdP's own. */
export type VerifyingKeys = Readonly<Record<string, KeyObject>>;

/**
 * Registers the grant for `middle`, the one client that may use it. The subject token must be a
 * JWT access token (RFC 9068) of this IdP for the middle tier's resource; the issued one is a JWT
 * access token for `resource` (the downstream API, the only one allowed), with the subject's
 * `sub` and `sid` and the middle tier as actor (`act`, see middle-tier.ts). Each exchange files
 * the session (`sid`): when the provider sends an app of that session a logout token, the middle
 * tier gets one for the same user and session, before the sign-out's answer leaves the IdP.
 */
export function registerTokenExchange(
  provider: Provider,
  options: ResolvedOptions & { readonly middleTier: ResolvedMiddleTier },
  keys: VerifyingKeys,
): void {
  const { issuer } = provider;
  const { middleTier, api, log } = options;
  const actedIn = new Map<string, string>(); // sid → the user's account id
  const handler = async (ctx: ExchangeContext) => {
    const { params, client } = ctx.oidc;
    if (client.clientId !== middleTier.clientId) {
      throw new errors.UnauthorizedClient('this client may not exchange tokens');
    }
    if (params.subject_token_type !== ACCESS_TOKEN) throw new errors.InvalidRequest('unsupported subject_token_type');
    const requested = params.requested_token_type;
    if (requested !== undefined && requested !== ACCESS_TOKEN) {
      throw new errors.InvalidRequest('unsupported requested_token_type');
    }
    if (params.resource !== api.resource) throw new errors.InvalidTarget(`the resource must be ${api.resource}`);
    const scope = (params.scope ?? '').split(' ').filter((s) => api.scopes.includes(s));
    if (scope.length === 0) throw new errors.InvalidScope(`the scope must name some of ${api.scopes.join(' ')}`);
    let claims: { sub?: string; sid?: string };
    try {
      ({ payload: claims } = await jwtVerify(
        params.subject_token ?? '',
        async ({ alg }) => {
          const key = keys[alg];
          if (key === undefined) throw new Error(`no key for ${alg}`);
          return key;
        },
        { issuer, audience: middleTier.resource, typ: 'at+jwt' },
      ));
    } catch {
      throw new errors.InvalidGrant('the subject token was refused');
    }
    if (typeof claims.sub !== 'string') throw new errors.InvalidGrant('the subject token names no user');
    const token = new provider.AccessToken({
      accountId: claims.sub,
      client,
      gty: TOKEN_EXCHANGE,
      scope: scope.join(' '),
      ...(typeof claims.sid === 'string' && { sid: claims.sid }),
    });
    token.resourceServer = new provider.ResourceServer(api.resource, resourceServerInfo(options, api.resource)!);
    const value = await token.save();
    if (typeof claims.sid === 'string') remember(actedIn, claims.sid, claims.sub);
    ctx.body = {
      access_token: value,
      issued_token_type: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope: token.scope,
    };
  };
  provider.registerGrantType(TOKEN_EXCHANGE, handler, [
    'subject_token',
    'subject_token_type',
    'requested_token_type',
    'resource',
    'scope',
  ]);
  forwardSignOuts(provider, middleTier, actedIn, log);
}

function remember(actedIn: Map<string, string>, sid: string, sub: string): void {
  actedIn.delete(sid); // re-inserted: the newest last
  actedIn.set(sid, sub);
  for (const oldest of actedIn.keys()) {
    if (actedIn.size <= MAX_SESSIONS) break;
    actedIn.delete(oldest);
  }
}

/**
 * oidc-provider tells only the clients that signed in with the session (Back-Channel Logout
 * §2.3, the RPs it remembers); the middle tier never did, it acted for the user with their
 * tokens. Whenever an app gets its logout token for a session the middle tier exchanged tokens
 * in, the middle tier gets one with the same `sub` and `sid`; the sign-out request waits for that
 * delivery too.
 */
function forwardSignOuts(
  provider: Provider,
  middleTier: ResolvedMiddleTier,
  actedIn: Map<string, string>,
  log: (line: string) => void,
): void {
  const pending = new WeakMap<object, Promise<void>[]>();
  const forward = (ctx: object, accountId: unknown, sid: unknown) => {
    if (typeof sid !== 'string' || actedIn.get(sid) !== accountId) return;
    actedIn.delete(sid);
    const delivery = (async () => {
      const client = (await provider.Client.find(middleTier.clientId)) as LogoutClient | undefined;
      await client?.backchannelLogout(String(accountId), sid);
      log(`back-channel logout delivered to ${middleTier.clientId} (it acted in the session)`);
    })().catch((error: unknown) => {
      log(`back-channel logout to ${middleTier.clientId} failed: ${error instanceof Error ? error.message : error}`);
    });
    pending.set(ctx, [...(pending.get(ctx) ?? []), delivery]);
  };
  provider.on('backchannel.success', (ctx, _client, accountId, sid) => forward(ctx as object, accountId, sid));
  provider.on('backchannel.error', (ctx, _error, _client, accountId, sid) => forward(ctx as object, accountId, sid));
  provider.use(async (ctx, next) => {
    await next();
    await Promise.all(pending.get(ctx) ?? []);
  });
}
