// The demo IdP's signing keys: new key pairs, and new key ids, on every run.
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';

/**
 * The IdP's signing keys, made for each run, each with a key id of that run: an API or app that
 * outlives a restart of the IdP sees a `kid` it does not know and fetches the new key set, rather
 * than refusing fresh tokens against the key it cached under the same `kid`.
 */
export interface SigningKeys {
  readonly privateKey: KeyObject;
  readonly ecKey: KeyObject | undefined;
  /** `demo-<run>` (RS256) and `demo-es256-<run>` (ES256). */
  readonly kids: { readonly rs256: string; readonly es256: string };
}

export function signingKeys(fapi: boolean): SigningKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  // FAPI 2.0 allows PS256, ES256 and EdDSA only: an EC key signs ID, logout and access tokens of
  // FAPI clients; the RSA key stays for anything else oidc-provider signs by default (RS256).
  const ecKey = fapi ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : undefined;
  const run = randomBytes(6).toString('base64url');
  return { privateKey, ecKey, kids: { rs256: `demo-${run}`, es256: `demo-es256-${run}` } };
}
