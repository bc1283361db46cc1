import { base64url, type JWK } from 'jose';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { makeKey, type SigningKey, signJwt } from './keys.js';

export const ISSUER = 'https://idp.example.com';
export const CLIENT_ID = 'rp-client';
export const CLIENT_SECRET = 'rp-secret-value';
export const REDIRECT_URI = 'https://rp.example.com/auth/callback';
export const POST_LOGOUT_REDIRECT_URI = 'https://rp.example.com/auth/signed-out';

type Endpoint = 'discovery' | 'jwks' | 'token' | 'revocation';
type Override = (request: Request) => Response | Promise<Response>;

interface Grant {
  readonly sub: string;
  readonly sid: string;
  readonly scope: string;
}

export interface AuthorizeOptions {
  sub?: string;
  sid?: string;
  /** `null` leaves `iss` out of the callback; a string replaces it. */
  iss?: string | null;
}

async function s256(verifier: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * An in-memory OpenID provider behind MSW: discovery, JWKS, token (code with PKCE, refresh
 * with rotation, client credentials) and revocation. Counters let tests assert what was called.
 */
export class FakeIdp {
  metadata: Record<string, unknown> = {};
  signingKey!: SigningKey;
  ecKey!: SigningKey;
  jwks: JWK[] = [];
  counts: Record<Endpoint, number> = { discovery: 0, jwks: 0, token: 0, revocation: 0 };
  tokenCalls: URLSearchParams[] = [];
  revoked: string[] = [];
  overrides: Partial<Record<Endpoint, Override>> = {};
  failNextRefresh: string | undefined;
  accessTokenLifetime = 3600;
  readonly #codes = new Map<string, Grant & { nonce: string; challenge: string; redirectUri: string }>();
  readonly #refreshTokens = new Map<string, Grant>();
  #serial = 0;
  #keys: Promise<[SigningKey, SigningKey]> | undefined;

  static async create(): Promise<FakeIdp> {
    const idp = new FakeIdp();
    await idp.reset();
    return idp;
  }

  async reset(): Promise<void> {
    // Key generation is the slow part of a reset: keys are made once per file and reused.
    this.#keys ??= Promise.all([makeKey('RS256', 'rs-1'), makeKey('ES256', 'es-1')]);
    [this.signingKey, this.ecKey] = await this.#keys;
    this.jwks = [this.signingKey.publicJwk, this.ecKey.publicJwk];
    this.metadata = {
      issuer: ISSUER,
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
      end_session_endpoint: `${ISSUER}/logout`,
      revocation_endpoint: `${ISSUER}/revoke`,
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_response_iss_parameter_supported: true,
      response_modes_supported: ['query', 'form_post'],
    };
    this.counts = { discovery: 0, jwks: 0, token: 0, revocation: 0 };
    this.tokenCalls = [];
    this.revoked = [];
    this.overrides = {};
    this.failNextRefresh = undefined;
    this.accessTokenLifetime = 3600;
    this.#codes.clear();
    this.#refreshTokens.clear();
  }

  /** Plays the user signing in: checks the request like an OP would and returns the callback. */
  async authorize(url: URL, options: AuthorizeOptions = {}): Promise<URLSearchParams> {
    const q = url.searchParams;
    if (q.get('client_id') !== CLIENT_ID || q.get('response_type') !== 'code') throw new Error('bad request');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) throw new Error('no PKCE');
    const code = `code-${++this.#serial}`;
    this.#codes.set(code, {
      sub: options.sub ?? 'user-1',
      sid: options.sid ?? 'sid-1',
      scope: q.get('scope') ?? '',
      nonce: q.get('nonce') ?? '',
      challenge: q.get('code_challenge') ?? '',
      redirectUri: q.get('redirect_uri') ?? '',
    });
    const params = new URLSearchParams({ code, state: q.get('state') ?? '' });
    const iss = options.iss === undefined ? ISSUER : options.iss;
    if (iss !== null) params.set('iss', iss);
    return params;
  }

  idToken(claims: Record<string, unknown>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(this.signingKey, { iss: ISSUER, aud: CLIENT_ID, iat: now, exp: now + 300, ...claims });
  }

  handlers(): HttpHandler[] {
    const route = (endpoint: Endpoint, fallback: Override) => {
      return ({ request }: { request: Request }) => {
        this.counts[endpoint]++;
        return (this.overrides[endpoint] ?? fallback)(request);
      };
    };
    return [
      http.get(
        `${ISSUER}/.well-known/openid-configuration`,
        route('discovery', () => HttpResponse.json(this.metadata)),
      ),
      http.get(
        `${ISSUER}/jwks`,
        route('jwks', () => HttpResponse.json({ keys: this.jwks })),
      ),
      http.post(
        `${ISSUER}/token`,
        route('token', (request) => this.#token(request)),
      ),
      http.post(
        `${ISSUER}/revoke`,
        route('revocation', async (request) => {
          this.revoked.push(new URLSearchParams(await request.text()).get('token') ?? '');
          return new HttpResponse(null, { status: 200 });
        }),
      ),
    ];
  }

  #authenticated(request: Request, body: URLSearchParams): boolean {
    // RFC 6749 §2.3.1: Basic credentials are form-url-encoded before base64.
    const header = request.headers.get('authorization') ?? '';
    if (header.startsWith('Basic ')) {
      const [id = '', secret = ''] = atob(header.slice(6))
        .split(':')
        .map((v) => decodeURIComponent(v.replace(/\+/g, ' ')));
      return id === CLIENT_ID && secret === CLIENT_SECRET;
    }
    return body.get('client_id') === CLIENT_ID && body.get('client_secret') === CLIENT_SECRET;
  }

  async #issue(grant: Grant, scope: string, extra: Record<string, unknown> = {}): Promise<Response> {
    const refreshToken = `rt-${++this.#serial}`;
    this.#refreshTokens.set(refreshToken, grant);
    return HttpResponse.json(
      {
        access_token: `at-${++this.#serial}`,
        token_type: 'Bearer',
        expires_in: this.accessTokenLifetime,
        scope,
        refresh_token: refreshToken,
        ...extra,
      },
      { headers: { 'cache-control': 'no-store' } },
    );
  }

  async #token(request: Request): Promise<Response> {
    const body = new URLSearchParams(await request.text());
    this.tokenCalls.push(body);
    const error = (code: string, status = 400) => HttpResponse.json({ error: code }, { status });
    if (!this.#authenticated(request, body)) return error('invalid_client', 401);
    switch (body.get('grant_type')) {
      case 'authorization_code': {
        const grant = this.#codes.get(body.get('code') ?? '');
        this.#codes.delete(body.get('code') ?? '');
        if (grant === undefined || grant.redirectUri !== body.get('redirect_uri')) return error('invalid_grant');
        if ((await s256(body.get('code_verifier') ?? '')) !== grant.challenge) return error('invalid_grant');
        const idToken = await this.idToken({ sub: grant.sub, sid: grant.sid, nonce: grant.nonce, name: 'Ada' });
        return this.#issue(grant, grant.scope, { id_token: idToken });
      }
      case 'refresh_token': {
        const rt = body.get('refresh_token') ?? '';
        const grant = this.#refreshTokens.get(rt);
        if (grant === undefined) return error('invalid_grant');
        this.#refreshTokens.delete(rt); // rotation: the old refresh token is spent
        if (this.failNextRefresh !== undefined) {
          const code = this.failNextRefresh;
          this.failNextRefresh = undefined;
          return error(code);
        }
        return this.#issue(grant, body.get('scope') ?? grant.scope);
      }
      case 'client_credentials':
        return HttpResponse.json({
          access_token: `app-${++this.#serial}`,
          token_type: 'Bearer',
          expires_in: this.accessTokenLifetime,
          ...(body.has('scope') ? { scope: body.get('scope') } : {}),
        });
      default:
        return error('unsupported_grant_type');
    }
  }
}
