import { type Clock, systemClock } from '@identity-web/core/provider';
import type { JWK, JWTPayload } from 'jose';
import { type HttpHandler, HttpResponse, type HttpResponseResolver, http } from 'msw';
import { type Grant, Grants } from './grants.js';
import { discoveryDocument, FAKE_OPENID, hasClientCredentials, logoutClaims } from './openid-shapes.js';
import { makeKey, type SigningKey, signJwt } from './signing-keys.js';

/** RFC 8693 §3: the token type of an access token, exchanged and issued. */
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * The endpoints of the fake provider that count their calls and take an override.
 *
 * @group Test doubles
 */
export type FakeEndpoint = 'discovery' | 'jwks' | 'token' | 'revocation';
/**
 * An answer that replaces an endpoint's own, for a test that needs the provider to misbehave.
 *
 * @group Test doubles
 */
export type FakeEndpointOverride = (request: Request) => Response | Promise<Response>;

/**
 * How the fake user signs in at {@link FakeOpenIdProvider.authorize}.
 *
 * @group Test doubles
 */
export interface FakeAuthorizeOptions {
  /** The user signing in. Default `user-1`. */
  sub?: string;
  /** The provider session. Default `sid-1`. */
  sid?: string;
  /** `null` leaves `iss` out of the callback; a string replaces it. */
  iss?: string | null;
}

/**
 * Options of {@link FakeOpenIdProvider}.
 *
 * @group Test doubles
 */
export interface FakeOpenIdProviderOptions {
  /** The time of the tokens it issues (`iat`, `exp`). Default: the system clock. */
  clock?: Clock;
}

/**
 * An in-memory OpenID provider for MSW 2, at `FAKE_OPENID.issuer`: discovery, JWKS, token endpoint
 * (code with PKCE, refresh with rotation, client credentials) and revocation, plus a
 * logout-token minter. Counters and `overrides` let tests assert what was called and break any
 * endpoint. Call `reset()` (or use `create()`) before the first use: it makes the keys.
 *
 * @group Test doubles
 */
export class FakeOpenIdProvider {
  /** The discovery document served; edit it to test other provider shapes. */
  metadata: Record<string, unknown> = {};
  /** The RS256 key (`kid` `rs-1`) that signs ID and logout tokens. */
  signingKey!: SigningKey;
  /** An ES256 key (`kid` `es-1`), published too, for algorithm-pinning tests. */
  ecKey!: SigningKey;
  /** The public keys served at `jwks_uri`. */
  jwks: JWK[] = [];
  /** Requests per endpoint since the last reset. */
  counts: Record<FakeEndpoint, number> = { discovery: 0, jwks: 0, token: 0, revocation: 0 };
  /** The form bodies the token endpoint received. */
  tokenCalls: URLSearchParams[] = [];
  /** The tokens the revocation endpoint received. */
  revoked: string[] = [];
  /** Replaces an endpoint's answer. */
  overrides: Partial<Record<FakeEndpoint, FakeEndpointOverride>> = {};
  /** An OAuth error code the next refresh-token grant answers with (e.g. `invalid_grant`). */
  failNextRefresh: string | undefined;
  /** `expires_in` of the access tokens it issues, in seconds. */
  accessTokenLifetime = 3600;
  /**
   * Replaces how ID tokens are signed (a corrupted signature, a key the JWKS lacks, `alg: none`);
   * it gets every claim the token would carry. `undefined`: the RS256 key signs.
   */
  signIdToken: ((claims: JWTPayload) => Promise<string>) | undefined;
  /** Whether a refresh-token grant answers with an ID token too (OIDC Core 1.0 §12.2 lets it). */
  idTokenOnRefresh = false;
  readonly #grants = new Grants();
  /** The time of the tokens it issues; `reset()` restores the one it was created with. */
  clock: Clock;
  #keys: Promise<[SigningKey, SigningKey]> | undefined;
  readonly #initialClock: Clock;

  constructor(options: FakeOpenIdProviderOptions = {}) {
    this.#initialClock = options.clock ?? systemClock;
    this.clock = this.#initialClock;
  }

  /** A fake with its keys made, ready for `handlers()`. */
  static async create(options: FakeOpenIdProviderOptions = {}): Promise<FakeOpenIdProvider> {
    const idp = new FakeOpenIdProvider(options);
    await idp.reset();
    return idp;
  }

  /** Back to a fresh provider: the first keys and JWKS, discovery, clock; no code, token, count or override. */
  async reset(): Promise<void> {
    // Key generation is the slow part of a reset: keys are made once per file and reused.
    this.#keys ??= Promise.all([makeKey('RS256', 'rs-1'), makeKey('ES256', 'es-1')]);
    [this.signingKey, this.ecKey] = await this.#keys;
    this.jwks = [this.signingKey.publicJwk, this.ecKey.publicJwk];
    this.metadata = discoveryDocument();
    this.counts = { discovery: 0, jwks: 0, token: 0, revocation: 0 };
    this.tokenCalls = [];
    this.revoked = [];
    this.overrides = {};
    this.failNextRefresh = undefined;
    this.accessTokenLifetime = 3600;
    this.signIdToken = undefined;
    this.idTokenOnRefresh = false;
    this.clock = this.#initialClock;
    this.#grants.clear();
  }

  /** Plays the user signing in: checks the request like an OP would and returns the callback. */
  async authorize(url: URL, options: FakeAuthorizeOptions = {}): Promise<URLSearchParams> {
    const q = url.searchParams;
    if (q.get('client_id') !== FAKE_OPENID.clientId || q.get('response_type') !== 'code')
      throw new Error('bad request');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) throw new Error('no PKCE');
    const code = this.#grants.newCode({
      sub: options.sub ?? 'user-1',
      sid: options.sid ?? 'sid-1',
      scope: q.get('scope') ?? '',
      nonce: q.get('nonce') ?? '',
      challenge: q.get('code_challenge') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
    });
    const params = new URLSearchParams({ code, state: q.get('state') ?? '' });
    const iss = options.iss === undefined ? FAKE_OPENID.issuer : options.iss;
    if (iss !== null) params.set('iss', iss);
    return params;
  }

  /** An ID token signed with the RS256 key (or by `signIdToken`), valid for 300 s from the clock's now. */
  idToken(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const all = { iss: FAKE_OPENID.issuer, aud: FAKE_OPENID.clientId, iat: now, exp: now + 300, ...claims };
    return this.signIdToken?.(all) ?? signJwt(this.signingKey, all);
  }

  /** The claims of a valid logout token for `user-1` / `sid-1` at the clock's now; `undefined` removes one. */
  logoutClaims(overrides: Record<string, unknown> = {}): JWTPayload {
    return logoutClaims(this.clock.now(), overrides);
  }

  /** A logout token signed with the RS256 key, `typ: logout+jwt` unless `header` says otherwise. */
  logoutToken(overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
    return signJwt(this.signingKey, this.logoutClaims(overrides), { typ: 'logout+jwt', ...header });
  }

  /** MSW handlers for discovery, JWKS, token, revocation and end-session. */
  handlers(): HttpHandler[] {
    // Typed by msw, so the handlers compile under any runtime's `Request` (workerd's types too).
    const route = (endpoint: FakeEndpoint, fallback: FakeEndpointOverride): HttpResponseResolver => {
      return ({ request }) => {
        this.counts[endpoint]++;
        // msw's request is the runtime's Request; only workerd's types tell their `cf` members apart.
        return (this.overrides[endpoint] ?? fallback)(request as unknown as Request);
      };
    };
    return [
      http.get(
        `${FAKE_OPENID.issuer}/.well-known/openid-configuration`,
        route('discovery', () => HttpResponse.json(this.metadata)),
      ),
      http.get(
        `${FAKE_OPENID.issuer}/jwks`,
        route('jwks', () => HttpResponse.json({ keys: this.jwks })),
      ),
      http.post(
        `${FAKE_OPENID.issuer}/token`,
        route('token', (request) => this.#token(request)),
      ),
      http.post(
        `${FAKE_OPENID.issuer}/revoke`,
        route('revocation', async (request) => {
          this.revoked.push(new URLSearchParams(await request.text()).get('token') ?? '');
          return new HttpResponse(null, { status: 200 });
        }),
      ),
    ];
  }

  #issue(grant: Grant, scope: string, extra: Record<string, unknown> = {}): Response {
    const tokens = { access_token: this.#grants.next('at'), refresh_token: this.#grants.newRefreshToken(grant) };
    const body = { ...tokens, token_type: 'Bearer', expires_in: this.accessTokenLifetime, scope, ...extra };
    return HttpResponse.json(body, { headers: { 'cache-control': 'no-store' } });
  }

  async #token(request: Request): Promise<Response> {
    const body = new URLSearchParams(await request.text());
    this.tokenCalls.push(body);
    const error = (code: string, status = 400) => HttpResponse.json({ error: code }, { status });
    if (!hasClientCredentials(request, body)) return error('invalid_client', 401);
    switch (body.get('grant_type')) {
      case 'authorization_code': {
        const { code, redirect_uri: redirectUri, code_verifier: verifier } = Object.fromEntries(body);
        const grant = await this.#grants.redeem(code ?? '', redirectUri ?? null, verifier ?? '');
        if (grant === undefined) return error('invalid_grant');
        const idToken = await this.idToken({ sub: grant.sub, sid: grant.sid, nonce: grant.nonce, name: 'Ada' });
        return this.#issue(grant, grant.scope, { id_token: idToken });
      }
      case 'refresh_token': {
        const grant = this.#grants.spendRefreshToken(body.get('refresh_token') ?? '');
        if (grant === undefined) return error('invalid_grant');
        const failure = this.failNextRefresh;
        this.failNextRefresh = undefined;
        if (failure !== undefined) return error(failure);
        const extra = this.idTokenOnRefresh ? { id_token: await this.idToken({ sub: grant.sub, sid: grant.sid }) } : {};
        return this.#issue(grant, body.get('scope') ?? grant.scope, extra);
      }
      case 'client_credentials': {
        const scope = body.get('scope');
        const token = {
          access_token: this.#grants.next('app'),
          token_type: 'Bearer',
          expires_in: this.accessTokenLifetime,
        };
        return HttpResponse.json(scope === null ? token : { ...token, scope });
      }
      case 'urn:ietf:params:oauth:grant-type:token-exchange': {
        // RFC 8693 §2.1-2.2: an access token for the one received; the fake takes any subject token.
        if (!body.get('subject_token') || body.get('subject_token_type') !== ACCESS_TOKEN_TYPE)
          return error('invalid_request');
        const scope = body.get('scope');
        const token = {
          access_token: this.#grants.next('obo'),
          issued_token_type: ACCESS_TOKEN_TYPE,
          token_type: 'Bearer',
          expires_in: this.accessTokenLifetime,
        };
        return HttpResponse.json(scope === null ? token : { ...token, scope });
      }
      default:
        return error('unsupported_grant_type');
    }
  }
}
