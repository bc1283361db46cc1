// `clientAuth: privateKeyJwt(keys)` (OIDC Core 1.0 §9): the keys' types, their checks, the
// assertions they sign and the public JWKS they make. Reached only through `privateKeyJwt()`, so
// an app that authenticates otherwise bundles none of it.
import { invalidOption } from '@identity-web/core/provider';
import { exportJWK, importJWK, importPKCS8, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import type { ClientKey, PrivateKeyJwt, PrivateKeyJwtCode } from './client-auth.js';
import { ASYMMETRIC_ALGORITHMS, type LogoutTokenAlgorithm } from './signatures/algorithm-options.js';

/**
 * Algorithms a `private_key_jwt` assertion may be signed with: the asymmetric ones, as for logout tokens.
 *
 * @group Setup
 */
export type ClientAssertionAlgorithm = LogoutTokenAlgorithm;

/**
 * A PKCS#8 PEM private key of {@link privateKeyJwt}.
 *
 * @group Setup
 */
export interface ClientPemKey {
  /** `-----BEGIN PRIVATE KEY-----` … (PKCS#8). Never logged nor put in errors. */
  readonly pem: string;
  /** Key id: the assertion's `kid`, and the `kid` of the key in the JWKS the provider knows. */
  readonly kid: string;
  /** @defaultValue 'RS256' */
  readonly alg?: ClientAssertionAlgorithm;
}

/**
 * A key of {@link privateKeyJwt}: a private JWK with a `kid` (its `alg`, one of
 * {@link ClientAssertionAlgorithm}, defaults from `kty`/`crv`: RS256, ES256/384/512, Ed25519),
 * or a PEM.
 *
 * @group Setup
 */
export type ClientPrivateKey =
  | (JWK & {
      /**
       * Key id, required and distinct across the keys: the `kid` in the header of the
       * client assertions this key signs, and of its public half in `clientJwks()`.
       */
      readonly kid: string;
    })
  | ClientPemKey;

/** Asymmetric JWS algorithms for `private_key_jwt` assertions (RFC 7523 §3; HS* belongs to `client_secret_jwt`). */
const ALGORITHMS: ReadonlySet<string> = ASYMMETRIC_ALGORITHMS;

/**
 * Members left out of a published key: the private ones (RFC 7518 §6.2.2, §6.3.2; RFC 8037 §2)
 * and the private key's own `key_ops` / `ext`, which do not describe its public half.
 */
const UNPUBLISHED = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'key_ops', 'ext']);

function defaultAlg(jwk: JWK): ClientAssertionAlgorithm | undefined {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as const)[jwk.crv ?? ''];
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  return undefined;
}

/** The option the keys are named by in errors: `privateKeyJwt[0].kid`, say. */
const KEYS = 'privateKeyJwt';

/**
 * Validates the keys of `privateKeyJwt(keys)` when it is called: a private key in each entry (a
 * JWK with `d`, or a PKCS#8 PEM), a `kid` each, distinct ones, and an asymmetric algorithm.
 * Messages never quote a key.
 */
function checkClientKeys(value: unknown): ClientKey[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidOption(KEYS, 'must be given a non-empty list of private keys (JWK or { pem, kid })');
  }
  const kids = new Set<string>();
  return value.map((entry: ClientPrivateKey, i) => {
    const option = `${KEYS}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw invalidOption(option, 'must be a JWK or { pem, kid }');
    const pem = 'pem' in entry ? entry.pem : undefined;
    if (pem !== undefined && (typeof pem !== 'string' || !pem.includes('-----BEGIN PRIVATE KEY-----'))) {
      throw invalidOption(`${option}.pem`, 'must be a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----")');
    }
    const jwk = pem === undefined ? (entry as JWK) : undefined;
    if (jwk !== undefined && (typeof jwk.kty !== 'string' || typeof jwk.d !== 'string')) {
      throw invalidOption(option, 'must be a private JWK (with "kty" and "d") or { pem, kid }');
    }
    const kid = entry.kid;
    if (typeof kid !== 'string' || kid === '')
      throw invalidOption(`${option}.kid`, 'must name the key (key rotation goes by kid)');
    if (kids.has(kid)) throw invalidOption(`${option}.kid`, `repeats the kid "${kid}"`);
    kids.add(kid);
    const alg = entry.alg ?? (jwk === undefined ? 'RS256' : defaultAlg(jwk));
    if (alg === undefined || !ALGORITHMS.has(alg)) {
      throw invalidOption(`${option}.alg`, 'must be an asymmetric JWS algorithm (RS256, PS256, ES256, EdDSA, ...)');
    }
    return { kid, alg: alg as ClientAssertionAlgorithm, source: pem === undefined ? { jwk: jwk as JWK } : { pem } };
  });
}

async function importKey(key: ClientKey, extractable: boolean): Promise<CryptoKey> {
  try {
    const imported =
      'pem' in key.source
        ? await importPKCS8(key.source.pem, key.alg, { extractable })
        : await importJWK(key.source.jwk, key.alg, { extractable });
    if (imported instanceof Uint8Array) throw new TypeError('symmetric');
    return imported;
  } catch {
    // Never echo the key, not even a part of it.
    throw invalidOption(`${KEYS} (kid "${key.kid}")`, `could not be imported as a ${key.alg} private key`);
  }
}

/**
 * `private_key_jwt` (OIDC Core 1.0 §9, RFC 7523 §2.2): every token and revocation request carries
 * an assertion signed with the first key, its `kid` in the header, so the provider picks the
 * right public key while the app rotates (publish the new key, put it first, retire the old one).
 * The key is imported once, when the provider is created; a key that does not import fails the
 * first request with `invalid_option`.
 */
function clientAssertion(keys: readonly ClientKey[]): oauth.ClientAuth {
  const signing = keys[0]!;
  const auth = importKey(signing, false).then((key) => oauth.PrivateKeyJwt({ key, kid: signing.kid }));
  auth.catch(() => undefined); // reported on first use, never as an unhandled rejection
  return async (as, client, body, headers) => (await auth)(as, client, body, headers);
}

/**
 * The public JWKS of the keys, for the app's `jwks_uri` (or the provider's client registration):
 * every key of the list, so assertions of the key being retired and of its successor both verify.
 */
async function publicJwks(keys: readonly ClientKey[]): Promise<{ keys: JWK[] }> {
  const out: JWK[] = [];
  for (const key of keys) {
    const jwk = 'jwk' in key.source ? key.source.jwk : await exportJWK(await importKey(key, true));
    const pub = Object.fromEntries(Object.entries(jwk).filter(([name]) => !UNPUBLISHED.has(name))) as JWK;
    out.push({ ...pub, kid: key.kid, alg: key.alg, use: 'sig' });
  }
  return { keys: out };
}

/**
 * The `clientAuth` value for `private_key_jwt` (OpenID Connect Core 1.0 §9, RFC 7523 §2.2): the
 * client authenticates at the token, PAR, revocation and introspection endpoints with a JWT
 * assertion signed by the first of `keys`, newest first; all of them are in `clientJwks()`, the
 * JWKS to register or serve at the client's `jwks_uri`. To rotate: put the new key first once the
 * provider knows its public half, and drop the old one once no cached JWKS at the provider lacks
 * the new one. Each key is a private JWK with a `kid`, or `{ pem, kid, alg }`; they are checked
 * here (`invalid_option`, naming `privateKeyJwt[i]`, never quoting a key). A value, not a method
 * name: the code that imports keys and signs assertions comes with it, so an app that
 * authenticates otherwise bundles none of it.
 *
 * @example
 * ```ts
 * import { createOidcProvider, privateKeyJwt } from '@identity-web/oidc';
 *
 * createOidcProvider({
 *   issuer,
 *   clientId,
 *   clientAuth: privateKeyJwt([{ pem: process.env.OIDC_CLIENT_KEY_2026!, kid: '2026-05', alg: 'ES256' }, oldJwk]),
 * });
 * ```
 *
 * @see OpenID Connect Core 1.0 §9 (Client Authentication), RFC 7523 §2.2 (Using JWTs for Client Authentication)
 *
 * @group Setup
 */
export function privateKeyJwt(keys: readonly ClientPrivateKey[]): PrivateKeyJwt {
  const checked = checkClientKeys(keys);
  const code: PrivateKeyJwtCode = {
    authenticates: 'private_key_jwt',
    keys: checked,
    clientAuth: () => clientAssertion(checked),
    publicJwks: () => publicJwks(checked),
  };
  return code;
}
