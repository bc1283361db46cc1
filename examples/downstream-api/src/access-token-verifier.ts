import { createRemoteJWKSet, decodeJwt, errors, type JWTPayload, jwtVerify } from 'jose';

/** Who called: the claims the API answers with. */
export interface Caller {
  readonly sub: string;
  readonly scope: string;
  readonly client_id: string;
}

/** Why a request is refused, as RFC 6750 §3 words it. */
export interface Refusal {
  readonly status: 400 | 401 | 403 | 503;
  /** Absent when the request carried no token at all (RFC 6750 §3.1). */
  readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope';
  readonly description?: string;
}

export type Verdict = { readonly caller: Caller } | { readonly refusal: Refusal };

export interface VerifierOptions {
  /** The trusted issuers, each with its own discovery document and JWKS. */
  readonly issuers: readonly string[];
  /** The API's resource indicator: every token's `aud` must contain it. */
  readonly audience: string;
  /** A token must carry at least one of these scopes. */
  readonly scopes: readonly string[];
}

// Asymmetric only: a JWKS-verified token signed with a shared secret (HS*) or `none` is forged.
const ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * Validates JWT access tokens (RFC 9068 §4): signature against the JWKS of the issuer the token
 * names (found through its discovery document, refetched by jose on an unknown `kid`), `typ`
 * `at+jwt`, `iss`, `aud`, `exp`/`iat`, the required claims, and the scope.
 *
 * With several issuers, the unverified `iss` only picks whose keys to verify with: a token is
 * accepted when that issuer's keys verify it and `iss` is that issuer, so a token signed by one
 * issuer and naming another is refused. Nothing else is read before verification.
 */
export class AccessTokenVerifier {
  readonly #jwks = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();

  constructor(private readonly options: VerifierOptions) {}

  async verify(authorization: string | undefined): Promise<Verdict> {
    if (authorization === undefined || authorization === '') return { refusal: { status: 401 } };
    const match = /^Bearer ([\w\-.~+/]+=*)$/i.exec(authorization);
    if (match === null) {
      return {
        refusal: { status: 400, error: 'invalid_request', description: 'expected "Authorization: Bearer <token>"' },
      };
    }
    const token = match[1]!;
    let payload: JWTPayload;
    try {
      const issuer = this.issuerOf(token);
      ({ payload } = await jwtVerify(token, await this.jwks(issuer), {
        issuer,
        audience: this.options.audience,
        algorithms: ALGORITHMS,
        typ: 'at+jwt',
        requiredClaims: ['sub', 'client_id', 'iat', 'exp', 'jti'],
      }));
    } catch (error) {
      return { refusal: refusalOf(error) };
    }
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    if (!scope.split(' ').some((s) => this.options.scopes.includes(s))) {
      return {
        refusal: {
          status: 403,
          error: 'insufficient_scope',
          description: `the token needs one of the scopes: ${this.options.scopes.join(' ')}`,
        },
      };
    }
    return { caller: { sub: String(payload.sub), scope, client_id: String(payload.client_id) } };
  }

  /** The trusted issuer whose keys must verify the token: the one its (unverified) `iss` names. */
  private issuerOf(token: string): string {
    const { iss } = decodeJwt(token); // throws a JOSEError on a token that is no JWT
    const issuer = this.options.issuers.find((trusted) => trusted === iss);
    if (issuer === undefined) {
      throw new errors.JWTClaimValidationFailed('unexpected "iss" claim value', {}, 'iss', 'check_failed');
    }
    return issuer;
  }

  private jwks(issuer: string) {
    let jwks = this.#jwks.get(issuer);
    if (jwks === undefined) {
      jwks = this.discoverJwks(issuer).catch((error: unknown) => {
        this.#jwks.delete(issuer); // try again on the next request
        throw error;
      });
      this.#jwks.set(issuer, jwks);
    }
    return jwks;
  }

  private async discoverJwks(issuer: string) {
    const url = `${issuer}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`discovery answered HTTP ${response.status}`);
    const metadata = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // RFC 8414 §3.3: the document must name the issuer it was fetched for.
    if (metadata.issuer !== issuer || typeof metadata.jwks_uri !== 'string') {
      throw new Error('discovery document does not match the issuer');
    }
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: 5_000 });
  }
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
    // jose's messages name the failed check ("\"aud\" claim check failed"); never the token.
    return { status: 401, error: 'invalid_token', description: error.message };
  }
  return { status: 503, description: 'the token issuer cannot be reached' };
}
