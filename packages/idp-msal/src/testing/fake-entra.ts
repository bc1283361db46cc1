import { createHash, randomUUID } from 'node:crypto';
import { delay, type HttpHandler, HttpResponse, http } from 'msw';
import { aadErrorBody, FAKE_ENTRA, type FakeUser, idTokenClaims, TOKEN_HEADERS } from './entra-shapes.js';
import { FakeEntraKeys } from './fake-entra-keys.js';

/**
 * One request msal sent to the token endpoint, as Entra would see it.
 *
 * @group Test doubles
 */
export interface TokenRequest {
  /** The token endpoint URL, with its query. */
  readonly url: URL;
  /** The form body. */
  readonly body: URLSearchParams;
  /** The request headers. */
  readonly headers: Headers;
}

interface PendingCode {
  readonly user: FakeUser;
  readonly nonce: string | null;
  readonly challenge: string | null;
  readonly redirectUri: string;
}

/**
 * An answer that replaces the token endpoint's own; `undefined` lets the fake answer.
 *
 * @group Test doubles
 */
export type TokenEndpointOverride = (request: TokenRequest) => Response | undefined | Promise<Response | undefined>;

/**
 * A fake Entra token endpoint (authorization_code, refresh_token, client_credentials, on-behalf-of) that
 * behaves like Entra's (docs/entra-id.md): form bodies parsed with URLSearchParams, the route matched on its path
 * only (msal 7 appends `?client-request-id=`), `client_info` always returned, `expires_in` above
 * 300 unless a test asks otherwise, PKCE checked like Entra does.
 *
 * @group Test doubles
 */
export class FakeEntra {
  /** Every token request received, oldest first. */
  readonly tokenRequests: TokenRequest[] = [];
  /** Every discovery request received. */
  readonly discoveryRequests: URL[] = [];
  /** Seconds of access-token lifetime; ≤ 300 makes msal refresh on every call (its fixed 300 s renewal offset). */
  expiresIn = 3599;
  /** Delay per user (home account id) before the token endpoint answers, so concurrent calls interleave. */
  readonly delays = new Map<string, number>();
  /** Azure AD B2C shapes: `expires_in` as a string and a `not_before` (docs/entra-id.md). */
  b2c = false;
  /** The host in the id token's `iss` (a sovereign cloud names its own). */
  issuerHost: string = FAKE_ENTRA.login;
  /** A test's answer replacing the normal one when it returns a Response. */
  override: TokenEndpointOverride | undefined;
  /** Replaces how ID tokens are signed (a corrupted signature, another key); gets every claim. */
  signIdToken: ((claims: Record<string, unknown>) => Promise<string>) | undefined;
  /** Extra id token claims per user (home account id): `roles`, `groups`, an overage `_claim_names`. */
  readonly idTokenClaims = new Map<string, Record<string, unknown>>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, FakeUser>();
  private counter = 0;

  /** The authority's signing keys: they sign every ID token, and the handlers serve their JWKS. */
  readonly keys: FakeEntraKeys;

  constructor(
    /** The authority the fake serves, `{FAKE_ENTRA.login}/{FAKE_ENTRA.tenantId}` by default. */
    readonly authority = `${FAKE_ENTRA.login}/${FAKE_ENTRA.tenantId}`,
  ) {
    this.keys = new FakeEntraKeys(authority);
  }

  /**
   * The claims of the v2.0 ID token Entra issues for `user` at `nowSeconds` (now by default);
   * `extra` adds or replaces claims. A fake's tokens carry these, with its `issuerHost` and `nonce`.
   */
  static claimsOf(user: FakeUser, extra?: Record<string, unknown>, nowSeconds?: number): Record<string, unknown> {
    return idTokenClaims(user, extra, nowSeconds);
  }

  /** Plays the browser and the user at /authorize: returns the callback parameters. */
  authorize(authorizeUrl: URL, user: FakeUser): URLSearchParams {
    const q = authorizeUrl.searchParams;
    const code = `1.AXoA-code-${randomUUID()}`;
    this.codes.set(code, {
      user,
      nonce: q.get('nonce'),
      challenge: q.get('code_challenge'),
      redirectUri: q.get('redirect_uri') ?? FAKE_ENTRA.redirectUri,
    });
    return new URLSearchParams({ code, state: q.get('state') ?? '', session_state: user.sid });
  }

  /** The user's id on the wire, so tests can check whose token a response carried. */
  accessTokenOwner(accessToken: string): string | undefined {
    return /^at\.([^.]+\.[^.]+)\./.exec(accessToken)?.[1];
  }

  /** MSW handlers for the keys and the token endpoint. */
  handlers(): HttpHandler[] {
    const origin = new URL(this.authority).origin;
    return [
      ...this.keys.handlers(),
      http.post(`${origin}/*/oauth2/v2.0/token`, async ({ request }) => {
        const entry: TokenRequest = {
          url: new URL(request.url),
          body: new URLSearchParams(await request.text()),
          headers: request.headers,
        };
        this.tokenRequests.push(entry);
        const replaced = await this.override?.(entry);
        if (replaced) return replaced;
        return this.answer(entry);
      }),
    ];
  }

  private async answer(request: TokenRequest): Promise<Response> {
    const { body } = request;
    switch (body.get('grant_type')) {
      case 'authorization_code':
        return this.redeem(body);
      case 'refresh_token':
        return this.refresh(body);
      case 'client_credentials':
        return HttpResponse.json(
          { token_type: 'Bearer', expires_in: 86399, ext_expires_in: 86399, access_token: `at.app.${++this.counter}` },
          { headers: TOKEN_HEADERS },
        );
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return this.onBehalfOf(body);
      default:
        return this.error(400, 'unsupported_grant_type', 70003);
    }
  }

  /** The on-behalf-of grant: a token for the scopes asked, for any assertion (the fake checks none). */
  private onBehalfOf(body: URLSearchParams): Response {
    if (body.get('requested_token_use') !== 'on_behalf_of' || !body.get('assertion')) {
      return this.error(400, 'invalid_request', 90014);
    }
    const n = ++this.counter;
    const scope = (body.get('scope') ?? '')
      .split(' ')
      .filter((s) => !['openid', 'profile', 'offline_access'].includes(s));
    return HttpResponse.json(
      {
        token_type: 'Bearer',
        scope: scope.join(' '),
        expires_in: this.expiresIn,
        ext_expires_in: this.expiresIn,
        access_token: `at.obo.${n}`,
        refresh_token: `1.AXoA-rt.obo.${n}`,
      },
      { headers: TOKEN_HEADERS },
    );
  }

  private async redeem(body: URLSearchParams): Promise<Response> {
    const pending = this.codes.get(body.get('code') ?? '');
    this.codes.delete(body.get('code') ?? '');
    if (!pending) return this.error(400, 'invalid_grant', 54005);
    const verifier = body.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (pending.challenge !== challenge) return this.error(400, 'invalid_grant', 501481);
    if (body.get('redirect_uri') !== pending.redirectUri) return this.error(400, 'invalid_grant', 50148);
    return this.userTokens(pending.user, body, pending.nonce);
  }

  private async refresh(body: URLSearchParams): Promise<Response> {
    const token = body.get('refresh_token') ?? '';
    const user = this.refreshTokens.get(token);
    if (!user) return this.error(400, 'invalid_grant', 9002313);
    await delay(this.delays.get(user.homeAccountId) ?? 0);
    this.refreshTokens.delete(token);
    return this.userTokens(user, body, null);
  }

  private async userTokens(user: FakeUser, body: URLSearchParams, nonce: string | null): Promise<Response> {
    const n = ++this.counter;
    const refreshToken = `1.AXoA-rt.${user.homeAccountId}.${n}`;
    this.refreshTokens.set(refreshToken, user);
    const scope = (body.get('scope') ?? '').split(' ').filter((s) => s !== 'offline_access');
    return HttpResponse.json(
      {
        token_type: 'Bearer',
        scope: [...scope, 'email'].join(' '),
        ...(this.b2c
          ? { expires_in: String(this.expiresIn), not_before: Math.floor(Date.now() / 1000) }
          : { expires_in: this.expiresIn, ext_expires_in: this.expiresIn }),
        access_token: `at.${user.homeAccountId}.${n}`,
        refresh_token: refreshToken,
        id_token: await (this.signIdToken ?? ((claims) => this.keys.sign(claims)))(
          idTokenClaims(user, {
            iss: `${this.issuerHost}/${user.tid}/v2.0`,
            ...(nonce ? { nonce } : {}),
            ...this.idTokenClaims.get(user.homeAccountId),
          }),
        ),
        client_info: user.clientInfo,
      },
      { headers: TOKEN_HEADERS },
    );
  }

  /**
   * An Entra error response with this status, OAuth error and AADSTS code; `more` adds Entra's
   * `suberror` (`consent_required`, `basic_action`, ...), a Conditional Access `claims` challenge
   * (a JSON string) or the description's text.
   */
  error(
    status: number,
    error: string,
    code: number,
    more: { readonly suberror?: string; readonly claims?: string; readonly description?: string } = {},
  ): Response {
    const body = aadErrorBody({ error, code, description: more.description ?? 'fake description.', ...more });
    return HttpResponse.json(body, { status, headers: TOKEN_HEADERS });
  }
}
