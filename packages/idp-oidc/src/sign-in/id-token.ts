// The ID token's signature, checked against the provider's keys (OIDC Core 1.0 §3.1.3.7 steps 6–8).
import type { IdentityWebError } from '@identity-web/core/provider';
import { compactVerify, decodeProtectedHeader } from 'jose';
import type * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { endpointUrl } from '../http/secure-url.js';
import { idTokenAlgorithms } from '../signatures/algorithms.js';
import { signatureFailure } from '../signatures/jose-reasons.js';

/** How the caller refuses a token: a bad callback at sign-in, a provider fault at a refresh. */
export type RefuseIdToken = (reason: string, cause?: unknown) => IdentityWebError;

function headerAlg(jwt: string): unknown {
  try {
    return decodeProtectedHeader(jwt).alg;
  } catch {
    return undefined;
  }
}

/**
 * Verifies the signature of an ID token whose claims oauth4webapi already checked (which it
 * leaves to the caller): with the pinned algorithms only (`idTokenAlgorithms`); an asymmetric one
 * against the provider's JWKS, through the cache that refetches once on an unknown `kid` and, with
 * no `kid` and several keys of the right type, tries each; an HMAC one with the client secret's
 * UTF-8 octets (§10.1); `none` only when the client registered it, and with an empty signature.
 * A JWKS that cannot be fetched or read is the provider's failure (502/503, its URL in the log).
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export async function verifyIdTokenSignature(
  ctx: OidcContext,
  as: oauth.AuthorizationServer,
  jwt: string,
  refuse: RefuseIdToken,
): Promise<void> {
  const algorithms = idTokenAlgorithms(ctx, as);
  const alg = headerAlg(jwt);
  if (alg === 'none') {
    if (algorithms.includes('none') && jwt.endsWith('.')) return;
    throw refuse('it is unsigned ("alg": "none"), which this client does not accept');
  }
  const hmac = typeof alg === 'string' && alg.startsWith('HS');
  const jwksUri = hmac ? '' : endpointUrl(as.jwks_uri, 'jwks_uri', ctx.settings.allowInsecureRequests).href;
  const key = hmac ? new TextEncoder().encode(ctx.settings.clientSecret ?? '') : ctx.jwks.keySet(jwksUri, 'id-token');
  try {
    await compactVerify(jwt, key, { algorithms: algorithms.filter((a) => a !== 'none') });
  } catch (error) {
    throw signatureFailure(error, jwksUri, refuse);
  }
}
