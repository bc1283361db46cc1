import {
  calculateJwkThumbprint,
  createRemoteJWKSet,
  decodeJwt,
  EmbeddedJWK,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { CLOCK_SKEW_S, NonceIssuer, PROOF_MAX_AGE_S, ProofMemory, sha256 } from './dpop-state.js';

/** Who called: the claims the API answers with. */
export interface Caller {
  readonly sub: string;
  readonly scope: string;
  readonly client_id: string;
}

/** The authentication schemes of the API: RFC 6750 (`Bearer`) and RFC 9449 §7.1 (`DPoP`). */
export type Scheme = 'Bearer' | 'DPoP';

/** Why a request is refused, as RFC 6750 §3 and RFC 9449 §7.1 word it. */
export interface Refusal {
  readonly status: 400 | 401 | 403 | 429 | 503;
  /** The schemes to challenge in: the one the request used, or each the API accepts when none fits. */
  readonly schemes: readonly Scheme[];
  /** Absent when the request carried no usable token at all (RFC 6750 §3.1). */
  readonly error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | 'use_dpop_nonce';
  readonly description?: string;
}

export type Verdict = { readonly caller: Caller } | { readonly refusal: Refusal };

/** What the verifier needs to know of a request. */
export interface ProtectedRequest {
  /** The `Authorization` header. */
  readonly authorization: string | undefined;
  /** Each `DPoP` header of the request, one entry per header (node: `req.headersDistinct.dpop`). */
  readonly dpop: readonly string[] | undefined;
  /** The request method, as sent: a proof's `htm` must equal it. */
  readonly method: string;
  /**
   * The absolute URL the request was made to, as the API knows its own address (not as the
   * client-controlled `Host` header claims it): a proof's `htu` must name it.
   */
  readonly url: string;
}

export interface VerifierOptions {
  /** The trusted issuers, each with its own discovery document and JWKS. */
  readonly issuers: readonly string[];
  /** The API's resource indicator: every token's `aud` must contain it. */
  readonly audience: string;
  /** A token must carry at least one of these scopes. */
  readonly scopes: readonly string[];
  /** Refuse the `Bearer` scheme: every token must come with a DPoP proof. Default false. */
  readonly requireDpop?: boolean;
  /** Require a nonce the API issued in every DPoP proof (RFC 9449 §9). Default false. */
  readonly dpopNonce?: boolean;
  /** How many accepted proofs are remembered against replay. Default 10,000. */
  readonly maxRememberedProofs?: number;
}

// Asymmetric only: a JWKS-verified token signed with a shared secret (HS*) or `none` is forged.
const TOKEN_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/**
 * RFC 9449 §4.3 point 5: the proof algorithms accepted, all asymmetric (a proof shows possession
 * of a private key; `none` or a shared secret shows nothing). Advertised in `algs` (§7.1).
 */
export const DPOP_ALGORITHMS = ['ES256', 'PS256', 'EdDSA', 'RS256'];

// `Bearer <token>` or `DPoP <token>`, the scheme case-insensitive (RFC 9110 §11.1), the token a
// token68 (RFC 6750 §2.1, RFC 9449 §7.1).
const AUTHORIZATION = /^(Bearer|DPoP) ([\w\-.~+/]+=*)$/i;

/** A DPoP proof refused, with the error code of RFC 9449 §7.1 that says why. */
class ProofRefused extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates JWT access tokens (RFC 9068 §4): signature against the JWKS of the issuer the token
 * names (found through its discovery document, refetched by jose on an unknown `kid`), `typ`
 * `at+jwt`, `iss`, `aud`, `exp`/`iat`, the required claims, and the scope.
 *
 * With several issuers, the unverified `iss` only picks whose keys to verify with: a token is
 * accepted when that issuer's keys verify it and `iss` is that issuer, so a token signed by one
 * issuer and naming another is refused. Nothing else is read before verification.
 *
 * A token sent with the `DPoP` scheme must come with a DPoP proof (RFC 9449 §4.3, §7.1) signed by
 * the key the token is bound to (`cnf.jkt`); a token bound that way is refused as `Bearer` (§7.2).
 */
export class AccessTokenVerifier {
  readonly #jwks = new Map<string, Promise<ReturnType<typeof createRemoteJWKSet>>>();
  readonly #proofs: ProofMemory;
  readonly #nonces: NonceIssuer | undefined;

  constructor(private readonly options: VerifierOptions) {
    this.#proofs = new ProofMemory(options.maxRememberedProofs ?? 10_000);
    this.#nonces = options.dpopNonce ? new NonceIssuer() : undefined;
  }

  /** The nonce to send in `DPoP-Nonce` (RFC 9449 §9), when the API requires nonces. */
  dpopNonce(): string | undefined {
    return this.#nonces?.current();
  }

  async verify(request: ProtectedRequest): Promise<Verdict> {
    const { authorization } = request;
    if (authorization === undefined || authorization === '') {
      return { refusal: { status: 401, schemes: this.acceptedSchemes() } };
    }
    const match = AUTHORIZATION.exec(authorization);
    if (match === null) {
      const expected = this.acceptedSchemes().map((scheme) => `"Authorization: ${scheme} <token>"`);
      return {
        refusal: {
          status: 400,
          schemes: this.acceptedSchemes(),
          error: 'invalid_request',
          description: `expected ${expected.join(' or ')}`,
        },
      };
    }
    const token = match[2]!;
    return match[1]!.toLowerCase() === 'dpop' ? this.verifyDpop(token, request) : this.verifyBearer(token);
  }

  private acceptedSchemes(): readonly Scheme[] {
    return this.options.requireDpop ? ['DPoP'] : ['Bearer', 'DPoP'];
  }

  /** RFC 6750. A `DPoP` header sent along is not read: the Bearer scheme has no use for it. */
  private async verifyBearer(token: string): Promise<Verdict> {
    // RFC 6750 §3.1: a client that "attempted using an unsupported authentication method" gets the
    // challenge of the scheme it must use, without an error code.
    if (this.options.requireDpop) return { refusal: { status: 401, schemes: ['DPoP'] } };
    const refuse = (refusal: Omit<Refusal, 'schemes'>): Verdict => ({ refusal: { ...refusal, schemes: ['Bearer'] } });
    let payload: JWTPayload;
    try {
      payload = await this.verifyAccessToken(token);
    } catch (error) {
      return refuse(refusalOf(error));
    }
    // RFC 9449 §7.2: the API "MUST reject a DPoP-bound access token received as a bearer token",
    // or a stolen bound token would be usable without its key. A token bound to a key in another
    // way (RFC 8705's `x5t#S256`) is refused too: the API cannot check that binding either.
    if (payload.cnf !== undefined) {
      const description = boundKeyOf(payload) === undefined ? 'the token is key-bound' : 'the token is DPoP-bound';
      return refuse({ status: 401, error: 'invalid_token', description });
    }
    return this.authorize(payload, 'Bearer');
  }

  /** RFC 9449 §7.1: the token, its proof, and the binding between the two. */
  private async verifyDpop(token: string, request: ProtectedRequest): Promise<Verdict> {
    const refuse = (refusal: Omit<Refusal, 'schemes'>): Verdict => ({ refusal: { ...refusal, schemes: ['DPoP'] } });
    let proof: { jti: string; jkt: string; iat: number };
    try {
      proof = await this.verifyProof(request, token);
    } catch (error) {
      if (error instanceof ProofRefused) return refuse({ status: 401, error: error.code, description: error.message });
      // Whatever else fails while reading the proof is the proof's fault; jose's messages name the check.
      const description = `DPoP proof: ${error instanceof errors.JOSEError ? error.message : 'malformed'}`;
      return refuse({ status: 401, error: 'invalid_dpop_proof', description });
    }
    let payload: JWTPayload;
    try {
      payload = await this.verifyAccessToken(token);
    } catch (error) {
      return refuse(refusalOf(error));
    }
    // RFC 9449 §4.3 point 12 and §6.1: the proof is signed by the very key the token is bound to.
    const boundKey = boundKeyOf(payload);
    if (boundKey === undefined) {
      return refuse({ status: 401, error: 'invalid_token', description: 'the token is not DPoP-bound' });
    }
    // A second binding (a certificate's `x5t#S256`, RFC 8705) is one this API cannot check.
    if (Object.keys(payload.cnf as object).some((member) => member !== 'jkt')) {
      return refuse({
        status: 401,
        error: 'invalid_token',
        description: 'the token has a binding this API cannot check',
      });
    }
    if (boundKey !== proof.jkt) {
      return refuse({ status: 401, error: 'invalid_token', description: 'invalid DPoP key binding' });
    }
    // RFC 9449 §11.1: last, once everything else holds, so that only accepted proofs are
    // remembered; synchronous, so two concurrent requests with one proof cannot both pass.
    // Whole seconds, as jose compares `iat`: a proof is remembered for as long as it would pass.
    const remembered = this.#proofs.remember(proof, Math.floor(Date.now() / 1000));
    if (remembered === 'replayed') {
      return refuse({ status: 401, error: 'invalid_dpop_proof', description: 'DPoP proof replayed: its jti was used' });
    }
    if (remembered === 'busy') {
      return refuse({ status: 429, description: 'too many DPoP proofs of this key in the last minute' });
    }
    if (remembered === 'full') return refuse({ status: 503, description: 'too many DPoP proofs to remember' });
    return this.authorize(payload, 'DPoP');
  }

  /**
   * RFC 9449 §4.3, the checks of the proof in the `DPoP` header. Returns what replay detection
   * needs: its `jti`, `iat` and key thumbprint (RFC 7638).
   */
  private async verifyProof({ dpop, method, url }: ProtectedRequest, token: string) {
    // Points 1 and 2: exactly one DPoP header, holding one JWT.
    if (dpop === undefined || dpop.length === 0) {
      throw new ProofRefused('invalid_dpop_proof', 'the DPoP scheme needs a DPoP proof in a DPoP header');
    }
    if (dpop.length > 1) throw new ProofRefused('invalid_dpop_proof', 'exactly one DPoP header is allowed');
    // Points 3 to 7 and 11: `typ`, an accepted asymmetric `alg`, a public `jwk` that verifies the
    // signature, the claims present, `iat` recent. jose checks `alg` before reading the key.
    const { payload, protectedHeader } = await jwtVerify(dpop[0]!, publicEmbeddedJwk, {
      typ: 'dpop+jwt',
      algorithms: DPOP_ALGORITHMS,
      requiredClaims: ['jti', 'htm', 'htu', 'iat'],
      maxTokenAge: PROOF_MAX_AGE_S,
      clockTolerance: CLOCK_SKEW_S,
    });
    const { jti, htm, htu, ath, nonce } = payload;
    if (typeof jti !== 'string' || jti === '') throw new ProofRefused('invalid_dpop_proof', 'jti must be a string');
    // Point 8.
    if (htm !== method) throw new ProofRefused('invalid_dpop_proof', 'htm is not the request method');
    // Point 9.
    const target = comparableHtu(url);
    if (target === undefined || typeof htu !== 'string' || comparableHtu(htu) !== target) {
      throw new ProofRefused('invalid_dpop_proof', 'htu is not the request URL');
    }
    // Point 12, first half, and §7: the proof is made for this very token.
    if (ath !== sha256(token)) throw new ProofRefused('invalid_dpop_proof', 'ath is not the hash of the access token');
    // Point 10 and §9: a proof made with a nonce of the API cannot have been made long before.
    if (this.#nonces !== undefined && !this.#nonces.accepts(nonce)) {
      throw new ProofRefused('use_dpop_nonce', 'the API requires a nonce it issued (DPoP-Nonce) in the DPoP proof');
    }
    return { jti, iat: payload.iat!, jkt: await calculateJwkThumbprint(protectedHeader.jwk!) };
  }

  /** RFC 9068 §4: the token itself, whichever scheme carried it. */
  private async verifyAccessToken(token: string): Promise<JWTPayload> {
    const issuer = this.issuerOf(token);
    const { payload } = await jwtVerify(token, await this.jwks(issuer), {
      issuer,
      audience: this.options.audience,
      algorithms: TOKEN_ALGORITHMS,
      typ: 'at+jwt',
      requiredClaims: ['sub', 'client_id', 'iat', 'exp', 'jti'],
    });
    return payload;
  }

  /** The scope check, once the token (and its proof) hold. */
  private authorize(payload: JWTPayload, scheme: Scheme): Verdict {
    const scope = typeof payload.scope === 'string' ? payload.scope : '';
    if (!scope.split(' ').some((s) => this.options.scopes.includes(s))) {
      return {
        refusal: {
          status: 403,
          schemes: [scheme],
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

function refusalOf(error: unknown): Omit<Refusal, 'schemes'> {
  if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) {
    // jose's messages name the failed check ("\"aud\" claim check failed"); never the token.
    return { status: 401, error: 'invalid_token', description: error.message };
  }
  return { status: 503, description: 'the token issuer cannot be reached' };
}

// The members of a private or symmetric JWK (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2).
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The key that verifies a proof: its `jwk` header (RFC 9449 §4.2), refused when it holds a private
 * (or secret) member (§4.3 point 7) — a client that sends its private key proves nothing. jose's
 * EmbeddedJWK then also refuses any key that does not import as a public one.
 */
function publicEmbeddedJwk(header: JWSHeaderParameters, token: Parameters<typeof EmbeddedJWK>[1]) {
  const jwk: unknown = header.jwk;
  if (typeof jwk === 'object' && jwk !== null && PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    throw new ProofRefused('invalid_dpop_proof', 'the jwk of the DPoP proof holds a private key');
  }
  return EmbeddedJWK(header, token);
}

/** The thumbprint of the key the token is bound to (RFC 9449 §6.1), if it is. */
function boundKeyOf(payload: JWTPayload): string | undefined {
  const { cnf } = payload as { cnf?: { jkt?: unknown } };
  return typeof cnf?.jkt === 'string' ? cnf.jkt : undefined;
}

/**
 * RFC 9449 §4.3 point 9: the URL without query and fragment, normalised as RFC 3986 §6.2.2 and
 * §6.2.3 say so that equal URLs spelled differently compare equal. WHATWG URL parsing lower-cases
 * scheme and host, drops a default port, gives an empty path as `/` and removes dot segments;
 * percent-encodings are made upper case, and decoded for unreserved characters. Anything but an
 * absolute http(s) URL compares equal to nothing.
 */
function comparableHtu(value: string): string | undefined {
  const url = URL.parse(value);
  if (url === null || !/^https?:$/.test(url.protocol)) return undefined;
  const path = url.pathname.replace(/%[0-9a-f]{2}/gi, (encoded) => {
    const char = String.fromCharCode(Number.parseInt(encoded.slice(1), 16));
    return /^[A-Za-z0-9\-._~]$/.test(char) ? char : encoded.toUpperCase();
  });
  return `${url.origin}${path}`;
}
