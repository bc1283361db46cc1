// Calls a configured downstream API as the signed-in user, and answers its token, claims and DPoP challenges.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import type { DownstreamApi } from '../config/downstream-apis.js';
import type { Settings } from '../config/settings.js';
import type { Account } from '../domain/account.js';
import { resolveDownstreamUrl } from '../domain/downstream-url.js';
import { invalidArgument } from '../domain/errors.js';
import { InteractionRequiredError } from '../domain/interaction-required.js';
import { normalizeScopes } from '../domain/scopes.js';
import type { AccessToken } from '../domain/token.js';
import { AcquireToken } from './acquire-token.js';
import { dpopError, readChallenge } from './api-challenge.js';

/** A `DPoP-Nonce` longer than this is not kept: nonces are short server tokens. */
const MAX_NONCE_LENGTH = 512;
/** RFC 9449 §8.1: `NQCHAR = %x21 / %x23-5B / %x5D-7E`. */
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Calls a configured web API (`downstreamApis`) as the signed-in user: attaches the access token
 * (a DPoP token with a proof of the request, RFC 9449 §7, and the API's nonce challenge answered
 * once with a new proof), and reads the API's answer the way RFC 6750 §3 and the OpenID CAE pattern define it:
 * - 401 without a usable challenge (an expired or revoked token): once more with a token fresh
 *   from the IdP;
 * - `error="insufficient_claims", claims="<base64>"`: once more with a token silently asked for
 *   with those claims; when only the user can satisfy them, `InteractionRequiredError` with the
 *   claims, which the adapters turn into a sign-in asking for them;
 * - `error="insufficient_scope", scope="…"`: `InteractionRequiredError` asking consent for them;
 * - `error="insufficient_user_authentication"` with `acr_values` and/or `max_age` (RFC 9470 §3):
 *   `InteractionRequiredError` asking the provider for them, a sign-in that steps the user up.
 * The answer comes back as the fetch `Response`, body unread (streams). The token is never put
 * into an error, a log line or a URL, and is sent nowhere but below the API's `baseUrl`:
 * redirects are not followed, so a 3xx comes back as it is.
 */
@injectable()
export class CallDownstreamApi {
  /** Each DPoP API's latest nonce, by the API's name. */
  private readonly nonces = new Map<string, string>();

  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(AcquireToken) private readonly acquire: AcquireToken,
  ) {}

  async execute(account: Account, name: string, path: string, init: RequestInit = {}): Promise<Response> {
    const api = this.settings.downstreamApis.get(name);
    if (api === undefined) {
      const named = [...this.settings.downstreamApis.keys()].map((known) => JSON.stringify(known)).join(', ');
      throw invalidArgument(
        'name',
        `callApi: no downstream API named ${JSON.stringify(name)} (downstreamApis names ${named})`,
      );
    }
    const url = resolveDownstreamUrl(api.baseUrl, path).href;
    const token = await this.token(account, api);
    const first = await this.sendProved(name, url, init, token);
    const challenge = readChallenge(first, token);
    if (challenge === null) return first;
    if (challenge.kind === 'scope') {
      discard(first);
      const scopes = normalizeScopes([...api.scopes, ...challenge.scopes]);
      throw new InteractionRequiredError('the API asks for more scopes', { scopes, reason: 'insufficient_scope' });
    }
    if (challenge.kind === 'step-up') {
      discard(first);
      const { acrValues, maxAge } = challenge;
      throw new InteractionRequiredError('the API asks for a stronger or more recent sign-in', {
        scopes: [...api.scopes],
        ...(acrValues !== undefined && { acrValues }),
        ...(maxAge !== undefined && { maxAge }),
        reason: 'insufficient_user_authentication',
      });
    }
    // A body that can be read only once (a stream) cannot be sent again: the caller gets the 401.
    if (!replayable(init.body)) return first;
    discard(first);
    const claims = challenge.kind === 'claims' ? challenge.claims : undefined;
    const again = await this.token(account, api, claims ?? true);
    const second = await this.sendProved(name, url, init, again);
    if (claims !== undefined && readChallenge(second, again)?.kind === 'claims') {
      // A token the IdP issued silently with these claims did not satisfy the API: ask the user.
      discard(second);
      throw new InteractionRequiredError('the API asks for more claims', {
        scopes: [...api.scopes],
        claims,
        reason: 'insufficient_claims',
      });
    }
    return second;
  }

  /** `again`: skip the caches (true) or ask with these claims (string). */
  private token(account: Account, api: DownstreamApi, again?: true | string): Promise<AccessToken> {
    return this.acquire.execute(account, {
      ...apiRequest(api),
      ...(again === true && { forceRefresh: true }),
      ...(typeof again === 'string' && { claims: again }),
    });
  }

  /**
   * Sends the request; for a DPoP token, once more when the API asks for a nonce other than the
   * one this proof carried (`use_dpop_nonce`, RFC 9449 §9): not a new token, only a new proof.
   * Compared with the nonce this request used, not the latest one kept: a concurrent call may
   * have stored the API's new nonce already.
   */
  private async sendProved(name: string, url: string, init: RequestInit, token: AccessToken): Promise<Response> {
    const used = this.nonces.get(name);
    const response = await this.send(url, init, token, used);
    if (token.dpopProof === undefined) return response;
    const given = this.keepNonce(name, response);
    if (response.status !== 401 || given === undefined || given === used || !replayable(init.body)) return response;
    if (dpopError(response) !== 'use_dpop_nonce') return response;
    discard(response);
    return this.send(url, init, token, given);
  }

  private async send(url: string, init: RequestInit, token: AccessToken, nonce: string | undefined): Promise<Response> {
    const headers = new Headers(init.headers);
    if (token.dpopProof !== undefined) {
      // RFC 9449 §7.1: the DPoP scheme and a proof of this request, never the Bearer scheme.
      headers.set('authorization', `DPoP ${token.accessToken}`);
      headers.set('dpop', await token.dpopProof(init.method ?? 'GET', url, { nonce }));
    } else {
      headers.set('authorization', `Bearer ${token.accessToken}`);
    }
    // `manual` (or the caller's stricter `error`): a redirect must not carry the token elsewhere.
    const redirect = init.redirect === 'error' ? 'error' : 'manual';
    return this.settings.fetch(url, { ...init, headers, redirect });
  }

  /**
   * Keeps the API's `DPoP-Nonce` (RFC 9449 §9: it may send one with any answer) for the next
   * proof to it, and returns it; `undefined` when the answer has none it could use. One per
   * configured API, so the memory is bounded by the configuration.
   */
  private keepNonce(name: string, response: Response): string | undefined {
    const nonce = response.headers.get('dpop-nonce');
    // §8.1: `nonce = 1*NQCHAR`; anything else is not put in a proof.
    if (nonce === null || nonce.length > MAX_NONCE_LENGTH || !NONCE.test(nonce)) return undefined;
    this.nonces.set(name, nonce);
    return nonce;
  }
}

/** The token request of an API: its scopes, and its resource (RFC 8707) when it names one. */
function apiRequest(api: DownstreamApi): { scopes: readonly string[]; resource?: string } {
  return { scopes: api.scopes, ...(api.resource !== undefined && { resource: api.resource }) };
}

/**
 * Lets an answer go unread, without waiting for it. Never awaited, because a body may be one
 * branch of a `tee()` (Next.js's `fetch` in server components keeps a copy of every answer), and
 * cancelling one branch settles only once the other is cancelled too (WHATWG Streams,
 * ReadableStreamDefaultTee): awaiting it would hang the call for ever. The connection goes when
 * the stream's last reader lets go of it (for a tee, when the kept copy does).
 */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function replayable(body: RequestInit['body']): boolean {
  // `undefined` and `null` are no stream either.
  return !(body instanceof ReadableStream);
}
