// A stand-in token issuer for the API scenarios: an RS256 key, the provider port's access-token
// signature check on it, and the tokens and DPoP proofs a client would send.
import type { LogoutTokenClaims } from '@identity-web/core';
import type { IdentityProvider } from '@identity-web/core/provider';
import {
  calculateJwkThumbprint,
  compactVerify,
  errors,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { toBase64Url, utf8 } from '../crypto/encoding.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';

/** The issuer of the API scenarios' tokens. */
export const API_ISSUER = 'https://issuer.test';
/** The audience of the scenarios' API. */
export const API_AUDIENCE = 'api://scenario';

/** A client's DPoP key: the private half signs proofs, the public JWK goes in their header. */
export interface ProofKey {
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
  readonly jkt: string;
}

/** Makes a DPoP key pair (ES256). */
export async function proofKey(): Promise<ProofKey> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(pair.publicKey);
  return { privateKey: pair.privateKey, jwk, jkt: await calculateJwkThumbprint(jwk) };
}

/** base64url(SHA-256(value)): a proof's `ath`. */
async function ath(token: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(token))));
}

/**
 * RSA key pairs made once per process and handed out in turn, two to each issuer: an RSA key
 * takes a few hundred milliseconds to make, and the scenarios make an issuer per test. Issuers
 * made one after the other (a test's own and another it makes) never share a key.
 */
const POOL_SIZE = 4;
let pool: Promise<CryptoKeyPair[]> | undefined;
let handedOut = 0;

async function keyPairs(): Promise<readonly [CryptoKeyPair, CryptoKeyPair]> {
  pool ??= Promise.all(Array.from({ length: POOL_SIZE }, () => generateKeyPair('RS256')));
  const pairs = await pool;
  const first = (handedOut++ * 2) % POOL_SIZE;
  return [pairs[first]!, pairs[first + 1]!];
}

/** The stand-in issuer: sign tokens with {@link ApiTokenIssuer.token}, take its keys away with `down`. */
export class ApiTokenIssuer {
  /** While `true`, the provider answers as if its key set could not be fetched. */
  down = false;
  private constructor(
    private readonly key: CryptoKeyPair,
    private readonly other: CryptoKeyPair,
    readonly now: () => number,
  ) {}

  static async create(now: () => number): Promise<ApiTokenIssuer> {
    const [key, other] = await keyPairs();
    return new ApiTokenIssuer(key, other, now);
  }

  /** The provider port with the access-token signature check against this issuer's public key. */
  get provider(): IdentityProvider & Required<Pick<IdentityProvider, 'verifyAccessTokenSignature'>> {
    const check: NonNullable<IdentityProvider['verifyAccessTokenSignature']> = async (jwt, refuse) => {
      if (this.down) throw new IdentityWebError(ErrorCode.IdpUnavailable, 'the key set cannot be fetched');
      try {
        return await compactVerify(jwt, this.key.publicKey, { algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'] });
      } catch (error) {
        throw refuse(error instanceof errors.JOSEError ? error.code : 'not a JWS');
      }
    };
    const unused = () => Promise.reject(new Error('not used by an API'));
    // The claim rules are the IdP packages' (tested there): the signature and the claims set here.
    const verifyLogoutToken: IdentityProvider['verifyLogoutToken'] = async (jwt) => {
      try {
        const { payload } = await compactVerify(jwt, this.key.publicKey, { algorithms: ['RS256'] });
        const claims = JSON.parse(new TextDecoder().decode(payload)) as LogoutTokenClaims;
        return { ...claims, acceptUntil: claims.iat + 120 };
      } catch {
        throw new IdentityWebError(ErrorCode.InvalidLogoutToken, "the logout token's signature was refused");
      }
    };
    return {
      issuer: API_ISSUER,
      authorizationUrl: unused,
      redeemCode: unused,
      acquireTokenSilent: unused,
      endSessionUrl: unused,
      verifyLogoutToken,
      verifyAccessTokenSignature: check,
    };
  }

  /** A JWT access token (RFC 9068) for the scenarios' API; `claims` and `header` change or drop (`undefined`) any part. */
  token(claims: JWTPayload = {}, header: Record<string, unknown> = {}, signedByOther = false): Promise<string> {
    const now = Math.floor(this.now() / 1000);
    const payload: JWTPayload = {
      iss: API_ISSUER,
      aud: API_AUDIENCE,
      sub: 'alice',
      client_id: 'web-app',
      scope: 'orders.read',
      jti: crypto.randomUUID(),
      iat: now,
      exp: now + 300,
      ...claims,
    };
    for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...header })
      .sign(signedByOther ? this.other.privateKey : this.key.privateKey);
  }

  /** A logout token (OpenID Connect Back-Channel Logout 1.0 §2.4) of this issuer; `claims` add `sid`, `sub`. */
  logoutToken(claims: JWTPayload, signedByOther = false): Promise<string> {
    return new SignJWT({
      iss: API_ISSUER,
      jti: crypto.randomUUID(),
      iat: Math.floor(this.now() / 1000),
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt' })
      .sign(signedByOther ? this.other.privateKey : this.key.privateKey);
  }

  /** A DPoP proof (RFC 9449 §4.2) of `key` for `method url` with `token`; `claims` change any part. */
  async proof(key: ProofKey, token: string, url: string, claims: JWTPayload = {}, method = 'GET'): Promise<string> {
    return new SignJWT({
      jti: crypto.randomUUID(),
      htm: method,
      htu: url,
      iat: Math.floor(this.now() / 1000),
      ath: await ath(token),
      ...claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
      .sign(key.privateKey);
  }
}
