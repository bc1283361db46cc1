// DPoP (RFC 9449) for the provider: each account's key made and loaded, proofs for the provider
// and for APIs. Reached only through `dpopBinding()`, the `dpop` option's value.
import type { DpopProofRequest, DpopProver } from '@identity-web/core/provider';
import { invalidArgument } from '@identity-web/core/provider';
import { importJWK, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { idpError } from '../errors.js';
import type { DpopBinding, DpopCode, DpopContext, DpopKey, DpopPrivateJwk, ImportedKey } from './dpop-key.js';

export type { DpopKey, DpopPrivateJwk };

import { es256Signer } from './es256.js';

const ALG = 'ES256';

/**
 * A new key pair for an account's sign-in, made with Web Crypto (edge runtimes have it). Made
 * extractable once, so its private half can be sealed in the partition; every later use imports
 * it as non-extractable.
 */
export async function newDpopKey(): Promise<{ key: DpopKey; stored: DpopPrivateJwk }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const { kty, crv, x, y, d } = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JsonWebKey;
  const stored = { kty, crv, x, y, d } as DpopPrivateJwk;
  const key = await importDpopKey(stored);
  if (key === null) throw idpError('a new DPoP key could not be imported');
  return { key, stored };
}

/** Imported keys kept per provider: most accounts in use, at a few hundred bytes each. */
const MAX_IMPORTED_KEYS = 1_000;
/** How long an imported key is kept: a removed account's key does not outlive this. */
const IMPORTED_KEY_TTL_MS = 10 * 60_000;

/**
 * The key of a partition, imported for signing; `null` when it does not import. Imports are kept
 * (at most `MAX_IMPORTED_KEYS`, the least recently used dropped first, none longer than
 * `IMPORTED_KEY_TTL_MS`), by their public half: an import costs about half a millisecond on
 * Node's Web Crypto, and would otherwise be paid on every read of the partition. A kept key
 * serves only a partition holding the same private half: any other (a corrupted `d`) is imported
 * on its own, never cached, and fails as it should.
 */
export function loadDpopKey(ctx: DpopContext, stored: DpopPrivateJwk): Promise<DpopKey | null> {
  const id = `${stored.x}.${stored.y}`;
  const keys = ctx.dpopKeys;
  const now = ctx.settings.clock.now();
  const hit = keys.get(id);
  if (hit !== undefined && now - hit.at < IMPORTED_KEY_TTL_MS) {
    if (hit.d !== stored.d) return importDpopKey(stored);
    keys.delete(id);
    keys.set(id, hit);
    return hit.key;
  }
  const entry: ImportedKey = { d: stored.d, at: now, key: importDpopKey(stored) };
  keys.delete(id);
  if (keys.size >= MAX_IMPORTED_KEYS) keys.delete(keys.keys().next().value as string);
  keys.set(id, entry);
  // A key that does not import is not kept: the partition may be written again, correctly.
  void entry.key.then((key) => key === null && keys.get(id) === entry && keys.delete(id));
  return entry.key;
}

async function importDpopKey(stored: DpopPrivateJwk): Promise<DpopKey | null> {
  const jwk: JWK = { kty: stored.kty, crv: stored.crv, x: stored.x, y: stored.y };
  try {
    const privateKey = await importJWK({ ...jwk, d: stored.d }, ALG, { extractable: false });
    // oauth4webapi reads the public key to put it in the proof header: it must stay extractable.
    const publicKey = await importJWK(jwk, ALG, { extractable: true });
    if (privateKey instanceof Uint8Array || publicKey instanceof Uint8Array) throw new TypeError('symmetric');
    const signer = es256Signer(stored, privateKey);
    const header = signer.base64url(JSON.stringify({ alg: ALG, typ: 'dpop+jwt', jwk }));
    return { pair: { privateKey, publicKey }, jwk, signer, header };
  } catch {
    // Never the key in the error. Only a corrupted partition gets here (a tampered one does not
    // decrypt): the caller treats it as no partition at all.
    return null;
  }
}

/**
 * The oauth4webapi handle that proves the key at the provider's endpoints (token, UserInfo). A
 * nonce the provider gave (`DPoP-Nonce`, RFC 9449 §8) to any request is used by the next proof
 * to that origin, whichever account's key signs it: the nonce belongs to the server, and
 * without it each refresh would cost a refused request first.
 */
export function dpopHandle(ctx: DpopContext, key: DpopKey): oauth.DPoPHandle {
  return oauth.DPoP(ctx.client, key.pair, {
    [oauth.modifyAssertion]: (_header, payload) => {
      if (payload.nonce === undefined && typeof payload.htu === 'string') {
        const nonce = ctx.dpopNonces.get(new URL(payload.htu).origin);
        if (nonce !== undefined) payload.nonce = nonce;
      }
    },
  });
}

/** Methods fetch sends upper-cased whatever their case (Fetch Standard, "normalize a method"). */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** The method as fetch puts it on the wire, so `htm` is what the server sees (methods are case-sensitive). */
function fetchMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.has(upper) ? upper : method;
}

/**
 * Proofs for resource servers (RFC 9449 §7): `htm`, `htu` (the URL without query and fragment,
 * §4.2), `ath` (the access token's SHA-256), a fresh `jti`, `iat` from the injected clock, and
 * the server's `nonce` when it gave one. Signed by the key's signer: `node:crypto` on Node, Web
 * Crypto on the edge (`es256.ts`).
 */
export function dpopProver(ctx: DpopContext, key: DpopKey): DpopProver {
  const { signer, header } = key;
  // A prover serves one token (the core binds it to one): its hash is worked out once.
  let last: { readonly token: string; readonly ath: string | Promise<string> } | undefined;
  const athOf = (token: string) => {
    if (last?.token !== token) last = { token, ath: signer.sha256(token) };
    return last.ath;
  };
  return {
    async proof(request: DpopProofRequest): Promise<string> {
      const url = URL.parse(request.url);
      if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
        throw invalidArgument('url', 'a DPoP proof is made for an http(s) URL');
      }
      const claims = {
        htm: fetchMethod(request.method),
        htu: `${url.origin}${url.pathname}`,
        ath: await athOf(request.accessToken),
        ...(request.nonce !== undefined && { nonce: request.nonce }),
        jti: crypto.randomUUID(),
        iat: Math.floor(ctx.settings.clock.now() / 1000),
      };
      const input = `${header}.${signer.base64url(JSON.stringify(claims))}`;
      return `${input}.${await signer.sign(input)}`;
    },
  };
}

/**
 * The `dpop` option's value: access tokens bound to a key of each account (RFC 9449), made with
 * Web Crypto at sign-in (edge runtimes have it) and kept, encrypted, in the account's token-cache
 * partition, readable by every instance and removed with the account. The provider's tokens are
 * asked for with a proof of that key, and every token response must be a DPoP token; `callApi`
 * sends the access token as `Authorization: DPoP` with a fresh proof per request, and
 * `acquireToken` answers `tokenType: 'DPoP'` and a `dpopProof` function for APIs the app calls
 * itself. Server nonces (`use_dpop_nonce`) are answered once per request, at the token endpoint
 * and at APIs. A value to pass, not a flag: the code that makes keys and proofs comes with it,
 * so an app without DPoP (a Worker, say) bundles none of it.
 *
 * @example
 * ```ts
 * import { createOidcProvider, dpopBinding } from '@identity-web/oidc';
 *
 * createOidcProvider({ issuer, clientId, clientSecret, dpop: dpopBinding() });
 * ```
 *
 * @see RFC 9449 §4 (DPoP Proof JWTs), §5 (DPoP Access Token Request) and §7 (Protected Resource Access)
 *
 * @group Setup
 */
export function dpopBinding(): DpopBinding {
  const code: DpopCode = {
    binds: 'dpop',
    newKey: newDpopKey,
    loadKey: loadDpopKey,
    handle: dpopHandle,
    prover: dpopProver,
  };
  return code;
}
