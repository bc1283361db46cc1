// RFC 9068 §4 step 4 for @identity-web/oidc: an access token's signature against the issuer's JWKS,
// for an API on `createIdentityWebApi`; the core checks the claims.
import type { VerifiedJws } from '@identity-web/core/provider';
import { compactVerify } from 'jose';
import type { OidcContext } from '../context.js';
import { endpointUrl } from '../http/secure-url.js';
import { ASYMMETRIC_ALGORITHMS, FAPI2_ALGORITHMS } from '../signatures/algorithm-options.js';
import { signatureFailure } from '../signatures/jose-reasons.js';

/**
 * The signature of a JWT access token against the issuer's JWKS (the access-token channel of the
 * key-set cache, so forged `kid`s sent to an API cannot hold back a rotation sign-ins need), with
 * the asymmetric algorithms only (the FAPI 2.0 ones under `profile: 'fapi2'`): never `none`, and
 * never an HMAC, with which the provider's public key would serve as the secret.
 */
export async function verifyAccessTokenSignature(
  ctx: OidcContext,
  jwt: string,
  refuse: (reason: string, cause?: unknown) => Error,
): Promise<VerifiedJws> {
  const as = await ctx.discovery.get();
  const jwksUri = endpointUrl(as.jwks_uri, 'jwks_uri', ctx.settings.allowInsecureRequests).href;
  const algorithms = [...(ctx.settings.fapi2 ? FAPI2_ALGORITHMS : ASYMMETRIC_ALGORITHMS)];
  try {
    return await compactVerify(jwt, ctx.jwks.keySet(jwksUri, 'access-token'), { algorithms });
  } catch (error) {
    throw signatureFailure(error, jwksUri, refuse);
  }
}
