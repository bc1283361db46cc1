import type { Account, LogoutTokenClaims } from '@identity-web/core';
import type {
  AuthorizationRequest,
  Clock,
  CodeRedemption,
  EndSessionRequest,
  IdentityProvider,
  SignInResult,
  SilentTokenRequest,
  TokenResult,
} from '@identity-web/core/provider';
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../crypto/encoding.js';
import { randomId } from '../crypto/random.js';
import { accountKeyFor } from '../domain/account.js';
import { badRequest, ErrorCode, IdentityWebError } from '../domain/errors.js';
import { InteractionRequiredError } from '../domain/interaction-required.js';
import { BACKCHANNEL_LOGOUT_EVENT, validateLogoutTokenClaims } from '../domain/logout-token.js';
import { normalizeScopes, OIDC_SCOPES, scopeKey } from '../domain/scopes.js';
import { refreshDueAt } from '../domain/token.js';

interface FakePartition {
  rt: string;
  /** `iat`: when the token was minted (absent in partitions of tests that build their own). */
  tokens: Record<string, { at: string; exp: number; iat?: number }>;
}

/**
 * What the fake was asked for with a token request: the resource (RFC 8707) and claims, if any.
 *
 * @group Test doubles
 */
export interface FakeTokenGrant {
  /** The `sub` of the account the token was minted for. */
  readonly subject: string;
  /** The scopes the token request asked for. */
  readonly scopes: readonly string[];
  /** The `resource` parameter (RFC 8707) of the token request; absent when it named none. */
  readonly resource?: string;
  /** The `claims` request parameter (JSON text of a claims challenge); absent when there was none. */
  readonly claims?: string;
}

interface PendingCode {
  subject: string;
  sid: string;
  nonce: string;
  challenge: string;
  redirectUri: string;
  scopes: readonly string[];
  claims: string | null;
  resources: readonly string[];
}

const FAKE_LOGOUT_TOKEN_HEADER = toBase64Url(utf8.encode(JSON.stringify({ alg: 'HS256', typ: 'logout+jwt' })));

/**
 * An in-memory OpenID provider for tests of the core and the adapters: real PKCE checks,
 * one-time codes, refresh tokens that can be revoked, consent per scope, and logout tokens
 * whose "signature" is a MAC only this fake can make. Counts its calls so tests can assert
 * single-flight and hot-path behaviour.
 *
 * @group Test doubles
 */
export class FakeIdentityProvider implements IdentityProvider {
  readonly issuer: string;
  readonly frameOrigin: string;
  /** The client id logout tokens are addressed to. Default `fake-client`. */
  readonly clientId: string;
  /**
   * How the fake's sign-in answers come back: `form_post` makes the core keep sign-in
   * transactions in `SameSite=None` cookies, as for a real IdP answering with a form. Default `query`.
   */
  responseMode: 'query' | 'form_post' = 'query';
  /** How often each method was called. */
  readonly calls = {
    /** `authorizationUrl` calls. */
    authorize: 0,
    /** `redeemCode` calls. */
    redeem: 0,
    /** `acquireTokenSilent` calls. */
    silent: 0,
    /** Refreshes (silent calls that did not find a valid token). */
    refresh: 0,
    /** `revoke` calls. */
    revoke: 0,
    /** `endSessionUrl` calls. */
    endSession: 0,
    /** `acquireTokenForApp` calls. */
    app: 0,
  };
  /** Milliseconds each refresh takes (lets tests interleave work with a refresh). */
  refreshDelayMs = 0;
  private readonly codes = new Map<string, PendingCode>();
  private readonly liveRefreshTokens = new Map<string, string>();
  private readonly consent = new Map<string, Set<string>>();
  private readonly claimsOf = new Map<string, Record<string, unknown>>();
  private readonly satisfiedClaims = new Map<string, Set<string>>();
  /** Every access token minted, with what its request asked for: lets a test API judge a token. */
  readonly grants = new Map<string, FakeTokenGrant>();
  /** The `resource` parameters of each authorization request, in order. */
  readonly authorizedResources: (readonly string[])[] = [];
  private readonly macKey = randomId();

  constructor(
    private readonly clock: Clock,
    options: {
      issuer?: string;
      clientId?: string;
      tokenLifetimeSeconds?: number;
      /**
       * Key accounts by `sub` alone, not by issuer and `sub`: as a provider whose account key does
       * not name the issuer (Entra's home account id). Two such fakes give one user the same key.
       */
      keyBySubject?: boolean;
    } = {},
  ) {
    this.keyBySubject = options.keyBySubject === true;
    this.issuer = options.issuer ?? 'https://idp.test';
    this.clientId = options.clientId ?? 'fake-client';
    this.frameOrigin = new URL(this.issuer).origin;
    this.tokenLifetime = options.tokenLifetimeSeconds ?? 3600;
  }

  private readonly tokenLifetime: number;
  private readonly keyBySubject: boolean;

  /** Grants consent for resource scopes; anything else asks for interaction. */
  grant(subject: string, scopes: readonly string[]): void {
    const set = this.consent.get(subject) ?? new Set<string>();
    for (const s of scopes) set.add(s);
    this.consent.set(subject, set);
  }

  /** Takes consent back, as a user who declines a scope on the consent page. */
  withhold(subject: string, scope: string): void {
    this.consent.get(subject)?.delete(scope);
  }

  /** Extra ID token claims of `subject` from its next sign-in on (`roles`, `groups`, ...). */
  setClaims(subject: string, claims: Record<string, unknown>): void {
    this.claimsOf.set(subject, claims);
  }

  /** Makes every refresh token of `subject` invalid (as after a password reset). */
  revokeRefreshTokens(subject: string): void {
    for (const [rt, sub] of this.liveRefreshTokens) if (sub === subject) this.liveRefreshTokens.delete(rt);
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<URL> {
    this.calls.authorize++;
    const url = new URL('/authorize', this.issuer);
    url.search = new URLSearchParams({
      client_id: this.clientId,
      response_type: 'code',
      redirect_uri: request.redirectUri,
      scope: request.scopes.join(' '),
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      ...(request.prompt && { prompt: request.prompt }),
      ...(request.claims && { claims: request.claims }),
      ...(request.acrValues && { acr_values: request.acrValues.join(' ') }),
      ...(request.maxAge !== undefined && { max_age: String(request.maxAge) }),
    }).toString();
    for (const resource of request.resources ?? []) url.searchParams.append('resource', resource);
    this.authorizedResources.push(request.resources ?? []);
    return url;
  }

  /** Plays the user at the IdP: signs `subject` in and returns the callback query the IdP would send. */
  login(authorizeUrl: string | URL, subject: string, sid = randomId(8)): URLSearchParams {
    const q = new URL(authorizeUrl).searchParams;
    const scopes = (q.get('scope') ?? '').split(' ');
    this.grant(subject, scopes);
    const code = randomId();
    this.codes.set(code, {
      subject,
      sid,
      nonce: q.get('nonce')!,
      challenge: q.get('code_challenge')!,
      redirectUri: q.get('redirect_uri')!,
      scopes,
      claims: q.get('claims'),
      resources: q.getAll('resource'),
    });
    return new URLSearchParams({ code, state: q.get('state')!, iss: this.issuer });
  }

  async redeemCode(redemption: CodeRedemption): Promise<SignInResult> {
    this.calls.redeem++;
    const params = redemption.params;
    if (params.get('error'))
      throw badRequest(ErrorCode.InvalidCallback, `the IdP refused the sign-in: ${params.get('error')}`);
    if (params.get('iss') !== this.issuer)
      throw badRequest(ErrorCode.InvalidCallback, 'the response is from another issuer');
    const code = params.get('code') ?? '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending) throw badRequest(ErrorCode.InvalidCallback, 'invalid_grant: unknown or used code');
    const challenge = toBase64Url(
      new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(redemption.codeVerifier))),
    );
    if (
      challenge !== pending.challenge ||
      pending.redirectUri !== redemption.redirectUri ||
      pending.nonce !== redemption.nonce
    ) {
      throw badRequest(ErrorCode.InvalidCallback, 'invalid_grant: PKCE, redirect_uri or nonce mismatch');
    }
    const rt = randomId();
    this.liveRefreshTokens.set(rt, pending.subject);
    // A sign-in that asked for claims (a claims challenge) satisfies them from then on.
    if (pending.claims !== null) {
      const satisfied = this.satisfiedClaims.get(pending.subject) ?? new Set<string>();
      this.satisfiedClaims.set(pending.subject, satisfied.add(pending.claims));
    }
    const granted = this.consent.get(pending.subject) ?? new Set<string>();
    const partition: FakePartition = { rt, tokens: {} };
    const account: Account = {
      key: this.keyBySubject ? `fake.${pending.subject}` : await accountKeyFor(this.issuer, pending.subject),
      issuer: this.issuer,
      subject: pending.subject,
      username: `${pending.subject}@example.test`,
      name: pending.subject,
      loginHint: `hint-${pending.subject}`,
      claims: { sub: pending.subject, ...this.claimsOf.get(pending.subject) },
    };
    return {
      account,
      sid: pending.sid,
      idToken: `id-token-of-${pending.subject}`,
      partition: JSON.stringify(partition),
      // What the user left consented when the code was redeemed (a declined scope is missing).
      grantedScopes: pending.scopes.filter((s) => OIDC_SCOPES.has(s) || granted.has(s)),
    };
  }

  /** The partition's token while it is not yet due, else `null`; counts as no call. */
  async cachedToken(partition: string, _account: Account, request: SilentTokenRequest): Promise<TokenResult | null> {
    const cached = (JSON.parse(partition) as FakePartition).tokens[tokenKeyOf(request)];
    return cached && usable(cached, request, this.clock.now()) ? result(cached, request, null) : null;
  }

  async acquireTokenSilent(partition: string, account: Account, request: SilentTokenRequest): Promise<TokenResult> {
    this.calls.silent++;
    const data = JSON.parse(partition) as FakePartition;
    const key = tokenKeyOf(request);
    const cached = data.tokens[key];
    const now = this.clock.now();
    if (cached && usable(cached, request, now)) return result(cached, request, null);
    this.calls.refresh++;
    if (this.refreshDelayMs > 0) await new Promise((r) => setTimeout(r, this.refreshDelayMs));
    if (this.liveRefreshTokens.get(data.rt) !== account.subject) {
      throw new InteractionRequiredError('invalid_grant: the refresh token is no longer valid', {
        scopes: request.scopes,
        reason: 'invalid_grant',
      });
    }
    const granted = this.consent.get(account.subject) ?? new Set();
    const missing = request.scopes.filter((s) => !OIDC_SCOPES.has(s) && !granted.has(s));
    if (missing.length > 0) {
      throw new InteractionRequiredError('consent_required', {
        scopes: normalizeScopes(request.scopes),
        reason: 'consent_required',
      });
    }
    // Claims (a claims challenge) need a sign-in that asked for them, as MFA would.
    if (request.claims !== undefined && !this.satisfiedClaims.get(account.subject)?.has(request.claims)) {
      throw new InteractionRequiredError('interaction_required: the claims need the user', {
        scopes: normalizeScopes(request.scopes),
        claims: request.claims,
        reason: 'interaction_required',
      });
    }
    // Rotation: the old refresh token dies, the new one is stored in the partition.
    this.liveRefreshTokens.delete(data.rt);
    data.rt = randomId();
    this.liveRefreshTokens.set(data.rt, account.subject);
    const token = { at: `at.${account.subject}.${key}.${randomId(6)}`, exp: now + this.tokenLifetime * 1000, iat: now };
    data.tokens[key] = token;
    this.grants.set(token.at, {
      subject: account.subject,
      scopes: request.scopes,
      ...(request.resource !== undefined && { resource: request.resource }),
      ...(request.claims !== undefined && { claims: request.claims }),
    });
    return result(token, request, JSON.stringify(data));
  }

  async acquireTokenForApp(partition: string | null, request: SilentTokenRequest): Promise<TokenResult> {
    this.calls.app++;
    const data = (partition ? JSON.parse(partition) : { tokens: {} }) as Pick<FakePartition, 'tokens'>;
    const key = scopeKey(request.scopes);
    const cached = data.tokens[key];
    const now = this.clock.now();
    if (cached && usable(cached, request, now)) return result(cached, request, null);
    if (this.refreshDelayMs > 0) await new Promise((r) => setTimeout(r, this.refreshDelayMs));
    const token = { at: `app.${key}.${randomId(6)}`, exp: now + this.tokenLifetime * 1000, iat: now };
    data.tokens[key] = token;
    return result(token, request, JSON.stringify(data));
  }

  async endSessionUrl(request: EndSessionRequest): Promise<URL> {
    this.calls.endSession++;
    const url = new URL('/logout', this.issuer);
    url.search = new URLSearchParams({
      client_id: this.clientId,
      post_logout_redirect_uri: request.postLogoutRedirectUri,
      state: request.state,
      ...(request.idTokenHint && { id_token_hint: request.idTokenHint }),
      ...(request.logoutHint && { logout_hint: request.logoutHint }),
    }).toString();
    return url;
  }

  /** Mints a logout token; `overrides` can break any claim for negative tests. */
  async logoutToken(claims: { sub?: string; sid?: string; jti?: string } & Record<string, unknown>): Promise<string> {
    const now = Math.floor(this.clock.now() / 1000);
    const payload = {
      iss: this.issuer,
      aud: this.clientId,
      iat: now,
      exp: now + 120,
      jti: randomId(8),
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
      ...claims,
    };
    // A JWT's shape (header, payload, "signature"), so code that reads a payload finds it where a real one has it.
    const signed = `${FAKE_LOGOUT_TOKEN_HEADER}.${toBase64Url(utf8.encode(JSON.stringify(payload)))}`;
    return `${signed}.${await this.mac(signed)}`;
  }

  async verifyLogoutToken(jwt: string): Promise<LogoutTokenClaims> {
    const [header, body, mac, extra] = jwt.split('.');
    const invalid = () => new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is invalid');
    if (header !== FAKE_LOGOUT_TOKEN_HEADER || !body || !mac || extra !== undefined) throw invalid();
    if (mac !== (await this.mac(`${header}.${body}`))) throw invalid();
    const bytes = fromBase64Url(body);
    if (!bytes) throw invalid();
    const payload = JSON.parse(fromUtf8.decode(bytes)) as Record<string, unknown>;
    return validateLogoutTokenClaims({ typ: 'logout+jwt' }, payload, {
      issuer: this.issuer,
      clientId: this.clientId,
      now: this.clock.now(),
    });
  }

  async revoke(partition: string): Promise<void> {
    this.calls.revoke++;
    this.liveRefreshTokens.delete((JSON.parse(partition) as FakePartition).rt);
  }

  /** The partition without its access tokens: the next call refreshes. */
  withoutAccessTokens(partition: string): string {
    return JSON.stringify({ ...(JSON.parse(partition) as FakePartition), tokens: {} });
  }

  private async mac(body: string): Promise<string> {
    const digest = await crypto.subtle.digest('SHA-256', utf8.encode(`${this.macKey}.${body}`));
    return toBase64Url(new Uint8Array(digest));
  }
}

function result(
  token: { at: string; exp: number; iat?: number },
  request: SilentTokenRequest,
  partition: string | null,
): TokenResult {
  const issued = token.iat === undefined ? {} : { issuedAt: token.iat };
  return {
    accessToken: token.at,
    expiresAt: token.exp,
    ...issued,
    scopes: request.scopes,
    tokenType: 'Bearer',
    partition,
  };
}

function tokenKeyOf(request: SilentTokenRequest): string {
  return request.resource === undefined ? scopeKey(request.scopes) : `${scopeKey(request.scopes)}@${request.resource}`;
}

/** A token still usable beyond the refresh window, unless the caller forces a refresh. */
function usable(cached: { exp: number; iat?: number } | undefined, request: SilentTokenRequest, now: number): boolean {
  return (
    cached !== undefined &&
    !request.forceRefresh &&
    request.claims === undefined &&
    refreshDueAt(cached.exp, cached.iat, request.refreshSkewSeconds) > now
  );
}

/**
 * A clock tests move by hand.
 *
 * @group Test doubles
 */
export class ManualClock implements Clock {
  constructor(private time = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.time;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.time += ms;
  }
}
