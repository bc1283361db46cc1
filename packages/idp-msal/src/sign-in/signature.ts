// Entra's JWS signatures (ID tokens, logout tokens, access tokens), checked against the authority's keys.

import { isIdentityWebError } from '@identity-web/core';
import type { TokenChannel } from '@identity-web/core/provider';
import { type CompactVerifyResult, compactVerify, errors } from 'jose';
import type { MsalContext } from '../context.js';
import { idpError } from '../errors.js';

/** Entra signs with RS256 only (`id_token_signing_alg_values_supported`): pinned, never `none` nor an HMAC. */
export const ENTRA_ALGORITHMS = ['RS256'];

/** jose's failures that are the token's fault; the JWKS fetch throws typed errors of its own. */
const TOKEN_FAULTS: Readonly<Record<string, string>> = {
  ERR_JWS_INVALID: 'it is not a well-formed JWS',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the signature is not valid',
  ERR_JOSE_ALG_NOT_ALLOWED: 'its "alg" is not RS256',
  ERR_JOSE_NOT_SUPPORTED: 'it uses an algorithm or a header this client does not support',
  ERR_JWKS_NO_MATCHING_KEY: "no key of Entra's JWKS matches its header",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: "several keys of Entra's JWKS match its header",
  ERR_JWT_INVALID: 'it is not a well-formed JWT',
};

/**
 * Verifies a JWS from Entra with RS256 against the authority's JWKS (cached; one refetch on an
 * unknown `kid`). A fault of the token goes to `refuse` with its reason in fixed words; a key set
 * that could not be fetched or read is Entra's failure (502/503, the JWKS URL in the log).
 */
export async function verifyEntraSignature(
  ctx: MsalContext,
  jwt: string,
  channel: TokenChannel,
  refuse: (reason: string, cause?: unknown) => Error,
): Promise<CompactVerifyResult> {
  const { jwksUri } = ctx.settings.authority;
  try {
    return await compactVerify(jwt, ctx.jwks.keySet(jwksUri, channel), { algorithms: ENTRA_ALGORITHMS });
  } catch (error) {
    if (isIdentityWebError(error)) throw error;
    const reason = error instanceof errors.JOSEError ? TOKEN_FAULTS[error.code] : undefined;
    if (reason !== undefined) throw refuse(reason, { code: (error as errors.JOSEError).code });
    throw idpError(`the signing keys at ${jwksUri} could not be used`, error);
  }
}
