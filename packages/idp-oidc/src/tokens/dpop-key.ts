// The shapes of an account's DPoP key: as kept in its partition, as imported, and as cached; and
// what the `dpop` option's value (`dpopBinding()`) brings: the code that makes keys and proofs.
import type { Clock, DpopProver } from '@identity-web/core/provider';
import type { JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
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

/**
 * The `dpop` option's value, made by {@link dpopBinding}: it brings the code that makes each
 * account's key and signs the proofs, so an app without DPoP bundles none of it.
 *
 * @group Setup
 */
export interface DpopBinding {
  /** What the value binds access tokens with: DPoP (RFC 9449). */
  readonly binds: 'dpop';
}

/** What of a provider's context DPoP's code reads (the provider's `OidcContext` is one). */
export interface DpopContext {
  readonly settings: { readonly clock: Clock };
  readonly client: oauth.Client;
  /** The provider's latest `DPoP-Nonce` per origin. */
  readonly dpopNonces: ReadonlyMap<string, string>;
  /** Accounts' keys as imported, by their public half. */
  readonly dpopKeys: Map<string, ImportedKey>;
}

/** The code behind a {@link DpopBinding}: only `dpopBinding()` (`dpop.ts`) makes one. */
export interface DpopCode extends DpopBinding {
  /** A new key pair for an account (or the app), with its private half as the partition keeps it. */
  newKey(): Promise<{ key: DpopKey; stored: DpopPrivateJwk }>;
  /** A partition's key, imported for signing; `null` when it does not import. */
  loadKey(ctx: DpopContext, stored: DpopPrivateJwk): Promise<DpopKey | null>;
  /** The oauth4webapi handle that proves the key at the provider's endpoints. */
  handle(ctx: DpopContext, key: DpopKey): oauth.DPoPHandle;
  /** Proofs of the key for the APIs a token is sent to. */
  prover(ctx: DpopContext, key: DpopKey): DpopProver;
}

/** Whether a partition's `dk` has the shape of the key this package makes (EC P-256, private). */
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
