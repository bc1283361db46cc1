// The shapes of an account's DPoP key: as kept in its partition, as imported, and as cached.
import type { JWK } from 'jose';
import type { Es256Signer } from './es256.js';

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
  /** Signs the proofs for APIs: `node:crypto` with the key as a `KeyObject` on Node, else Web Crypto. */
  readonly signer: Es256Signer;
  /** The base64url of the proofs' protected header, the same for every proof of the key. */
  readonly header: string;
}

/** An imported key as a provider keeps it, with the private half it was imported from and when. */
export interface ImportedKey {
  readonly d: string;
  /** Epoch ms of the import. */
  readonly at: number;
  readonly key: Promise<DpopKey | null>;
}
