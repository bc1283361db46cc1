// What `clientAuth: privateKeyJwt(keys)` is, for the options and settings that take it: a value
// whose code (`client-keys.ts`) comes into an app only with the call that makes it.
import type { JWK } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { LogoutTokenAlgorithm } from './signatures/algorithm-options.js';

/**
 * The `clientAuth` value {@link privateKeyJwt} makes: `private_key_jwt` with its keys, checked.
 *
 * @group Setup
 */
export interface PrivateKeyJwt {
  /** The client authentication method it stands for. */
  readonly authenticates: 'private_key_jwt';
}

/** A key of `privateKeyJwt(keys)` after validation. */
export interface ClientKey {
  readonly kid: string;
  /** One of the asymmetric JWS algorithms (`ClientAssertionAlgorithm`). */
  readonly alg: LogoutTokenAlgorithm;
  readonly source: { readonly jwk: JWK } | { readonly pem: string };
}

/** The code behind a {@link PrivateKeyJwt}: only `privateKeyJwt()` makes one. */
export interface PrivateKeyJwtCode extends PrivateKeyJwt {
  /** The keys, the signing one first. */
  readonly keys: readonly ClientKey[];
  /** The oauth4webapi client authentication that signs each request's assertion (imports the key now). */
  clientAuth(): oauth.ClientAuth;
  /** The public JWKS of the keys, for the provider's client registration. */
  publicJwks(): Promise<{ keys: JWK[] }>;
}
