import type { DpopProofRequest, DpopProver } from '@identity-web/core/provider';
import { importJWK, type JWK, SignJWT } from 'jose';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError } from '../errors.js';

/**
 * The private half of an account's DPoP key (RFC 9449), as kept in its token-cache partition:
 * an EC P-256 JWK (`ES256`). The partition is encrypted at rest by the core, as the refresh
 * token next to it is.
 */
export interface DpopPrivateJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256';
  readonly x: string;
  readonly y: string;
  readonly d: string;
}

/** An account's key pair, imported: the private key cannot be exported again. */
export interface DpopKey {
  readonly pair: CryptoKeyPair;
  /** The public JWK that goes in each proof's header (RFC 9449 §4.2). */
  readonly jwk: JWK;
}

const ALG = 'ES256';

export function isDpopJwk(value: unknown): value is DpopPrivateJwk {
  if (typeof value !== 'object' || value === null) return false;
  const jwk = value as Record<string, unknown>;
  return (
    jwk.kty === 'EC' &&
    jwk.crv === 'P-256' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string' &&
    typeof jwk.d === 'string'
  );
}

/**
 * A new key pair for an account's sign-in, made with Web Crypto (edge runtimes have it). Made
 * extractable once, so its private half can be sealed in the partition; every later use imports
 * it as non-extractable.
 */
export async function newDpopKey(): Promise<{ key: DpopKey; stored: DpopPrivateJwk }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { kty, crv, x, y, d } = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  const stored = { kty, crv, x, y, d } as DpopPrivateJwk;
  return { key: await loadDpopKey(stored), stored };
}

/** The key of a partition, imported for signing. */
export async function loadDpopKey(stored: DpopPrivateJwk): Promise<DpopKey> {
  const jwk: JWK = { kty: stored.kty, crv: stored.crv, x: stored.x, y: stored.y };
  try {
    const privateKey = await importJWK({ ...jwk, d: stored.d }, ALG, { extractable: false });
    // oauth4webapi reads the public key to put it in the proof header: it must stay extractable.
    const publicKey = await importJWK(jwk, ALG, { extractable: true });
    if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new TypeError('symmetric');
    return { pair: { privateKey, publicKey }, jwk };
  } catch (error) {
    throw idpError("the account's DPoP key in the token cache could not be imported", error);
  }
}

/**
 * The oauth4webapi handle that proves the key at the provider's endpoints (token, UserInfo). A
 * nonce the provider gave (`DPoP-Nonce`, RFC 9449 §8) to any request is used by the next proof
 * to that origin, whichever account's key signs it: the nonce belongs to the server, and
 * without it each refresh would cost a refused request first.
 */
export function dpopHandle(ctx: OidcContext, key: DpopKey): oauth.DPoPHandle {
  return oauth.DPoP(ctx.client, key.pair, {
    [oauth.modifyAssertion]: (_header, payload) => {
      if (payload.nonce === undefined && typeof payload.htu === 'string') {
        const nonce = ctx.dpopNonces.get(new URL(payload.htu).origin);
        if (nonce !== undefined) payload.nonce = nonce;
      }
    },
  });
}

/**
 * Runs a request made with a DPoP proof, and once more when the server asks for a (new) nonce
 * (`use_dpop_nonce`, RFC 9449 §8): the refused response carried the nonce, which the transport
 * recorded, so the second proof has it. Once only: a server that keeps asking is failing.
 */
export async function withNonceRetry<T>(dpop: oauth.DPoPHandle | undefined, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (dpop === undefined || !oauth.isDPoPNonceError(error)) throw error;
    return request();
  }
}

function base64url(bytes: ArrayBuffer): string {
  let text = '';
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Proofs for resource servers (RFC 9449 §7): `htm`, `htu` (the URL without query and fragment,
 * §4.2), `ath` (the access token's SHA-256), a fresh `jti`, `iat` from the injected clock, and
 * the server's `nonce` when it gave one. Signed with jose (Web Crypto), so it runs on the edge.
 */
export function dpopProver(ctx: OidcContext, key: DpopKey): DpopProver {
  return {
    async proof(request: DpopProofRequest): Promise<string> {
      const url = new URL(request.url);
      const ath = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(request.accessToken)));
      return new SignJWT({
        htm: request.method.toUpperCase(),
        htu: `${url.origin}${url.pathname}`,
        ath,
        ...(request.nonce !== undefined && { nonce: request.nonce }),
      })
        .setProtectedHeader({ alg: ALG, typ: 'dpop+jwt', jwk: key.jwk })
        .setJti(crypto.randomUUID())
        .setIssuedAt(Math.floor(ctx.settings.clock.now() / 1000))
        .sign(key.pair.privateKey);
    },
  };
}
