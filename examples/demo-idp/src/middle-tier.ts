// The middle-tier API of the demo chain (web app → middle tier → downstream API): its resource,
// its registration as a confidential client that may exchange tokens, and the claims of its tokens.

/**
 * RFC 8693's grant type. Here, not in token-exchange.ts: the options are read (and refused) before
 * anything loads oidc-provider, which warns as it loads.
 */
export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

/**
 * An API between the web apps and the downstream API: the apps get access tokens for its
 * resource, and it exchanges them (RFC 8693) for tokens of the downstream API, for the same user.
 */
export interface DemoMiddleTier {
  readonly clientId: string;
  /** At least 32 characters: the middle tier authenticates with it at the token endpoint. */
  readonly clientSecret: string;
  /**
   * The middle tier's origin, e.g. `http://127.0.0.1:4009`: its back-channel logout URI is
   * `<baseUrl>/back-channel-logout`, where one of its instances (or their load balancer) listens.
   */
  readonly baseUrl: string;
  /** Its resource indicator, the `aud` of the tokens the apps get for it. Default `api://identity-web-demo-middle`. */
  readonly resource?: string;
  /** Scopes it defines. Default `['middle:read']`. */
  readonly scopes?: readonly string[];
}

export interface ResolvedMiddleTier {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly resource: string;
  readonly scopes: readonly string[];
  readonly backChannelLogoutUri: string;
}

function fail(option: string, expected: string): never {
  throw new TypeError(`startDemoIdp: "middleTier.${option}" ${expected}`);
}

/** The option checked and completed; `undefined` without a middle tier. */
export function resolveMiddleTier(
  middle: DemoMiddleTier | undefined,
  others: { readonly clientIds: readonly string[]; readonly apiResource: string; readonly fapi: boolean },
): ResolvedMiddleTier | undefined {
  if (middle === undefined) return undefined;
  // A FAPI 2.0 client would need private_key_jwt and DPoP-bound exchanges: not offered here.
  if (others.fapi) fail('clientId', 'is not available with "fapi"');
  if (typeof middle.clientId !== 'string' || middle.clientId === '') fail('clientId', 'must be a string');
  if (others.clientIds.includes(middle.clientId)) fail('clientId', 'must differ from every app’s client id');
  if (typeof middle.clientSecret !== 'string' || middle.clientSecret.length < 32) {
    fail('clientSecret', 'must be at least 32 characters');
  }
  const base = URL.parse(middle.baseUrl);
  if (base === null || base.protocol !== 'http:' || !['localhost', '127.0.0.1'].includes(base.hostname)) {
    fail('baseUrl', 'must be an http origin on localhost or 127.0.0.1');
  }
  const resource = middle.resource ?? 'api://identity-web-demo-middle';
  if (URL.parse(resource) === null || resource.includes('#') || resource === others.apiResource) {
    fail('resource', 'must be an absolute URI without a fragment, other than the downstream API’s');
  }
  const scopes = middle.scopes ?? ['middle:read'];
  if (scopes.length === 0 || scopes.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) {
    fail('scopes', 'must be a non-empty list of scope tokens (RFC 6749 §3.3)');
  }
  return {
    clientId: middle.clientId,
    clientSecret: middle.clientSecret,
    resource,
    scopes: [...scopes],
    backChannelLogoutUri: `${base.origin}/back-channel-logout`,
  };
}

/** Its client metadata: token exchange only, no redirect, and a back-channel logout URI. */
export function middleTierMetadata(middle: ResolvedMiddleTier) {
  return {
    client_id: middle.clientId,
    client_secret: middle.clientSecret,
    client_name: 'Middle-tier API',
    grant_types: [TOKEN_EXCHANGE],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
    // The provider's sign-outs reach it with the session's `sid` (token-exchange.ts forwards them).
    backchannel_logout_uri: middle.backChannelLogoutUri,
    backchannel_logout_session_required: true,
  };
}

/** What `extraTokenClaims` sees of an access token being issued. */
interface IssuedToken {
  readonly sid?: string;
  readonly gty?: string;
  readonly clientId?: string;
  readonly resourceServer?: { readonly audience?: unknown };
}

/**
 * `extraTokenClaims`: the provider session (`sid`) in the tokens for the middle tier and in those
 * it exchanges, so a back-channel logout ends them by session at the APIs, and in exchanged ones
 * the actor (RFC 8693 §4.1 `act`): the middle tier acting for the user. Other tokens stay as they were.
 */
export function middleTierClaims(middle: ResolvedMiddleTier | undefined, token: IssuedToken) {
  if (middle === undefined) return undefined;
  const sid = token.sid === undefined ? {} : { sid: token.sid };
  if (token.gty === TOKEN_EXCHANGE) return { ...sid, act: { sub: token.clientId } };
  return token.resourceServer?.audience === middle.resource ? sid : undefined;
}

/** The middle tier as a receiver of the transmitter's pushes (`<baseUrl>/security-events`); none without one. */
export function middleTierReceiver(middle: ResolvedMiddleTier | undefined) {
  return middle === undefined
    ? []
    : [{ clientId: middle.clientId, name: 'Middle-tier API', backChannelLogoutUri: middle.backChannelLogoutUri }];
}
