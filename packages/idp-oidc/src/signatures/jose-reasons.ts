// What a jose verification failure says about a token, in fixed words, and whom it blames.
import { isIdentityWebError } from '@identity-web/core';
import { errors } from 'jose';
import { idpError } from '../errors.js';

/** Fixed words per jose error code: jose's own messages may quote the token (an unknown `crit` name, say). */
const REASONS: Readonly<Record<string, string>> = {
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the signature is not valid',
  ERR_JWKS_NO_MATCHING_KEY: "no key of the provider's JWKS matches its header",
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: "several keys of the provider's JWKS match its header",
  ERR_JOSE_ALG_NOT_ALLOWED: 'its "alg" is not one of the allowed algorithms',
  ERR_JOSE_NOT_SUPPORTED: 'it uses an algorithm or a header this client does not support',
  ERR_JWS_INVALID: 'it is not a well-formed JWS',
  ERR_JWT_INVALID: 'it is not a well-formed JWT',
  ERR_JWT_EXPIRED: 'its "exp" has passed',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'a claim failed validation',
};

/**
 * Why jose refused a token — its reason in fixed words and jose's code — or `undefined` for
 * anything that is not a jose error. A claim check names the claim (one of jose's fixed names),
 * never its value: a token is whatever anyone on the network sent.
 */
export function joseReason(error: unknown): { reason: string; code: string } | undefined {
  if (!(error instanceof errors.JOSEError)) return undefined;
  const code = /^ERR_[A-Z_]{1,60}$/.test(error.code) ? error.code : 'ERR_JOSE_GENERIC';
  if (error instanceof errors.JWTClaimValidationFailed && /^[a-z_]{1,20}$/.test(error.claim)) {
    return { reason: `its "${error.claim}" claim failed validation`, code };
  }
  return { reason: REASONS[code] ?? `it failed verification (${code})`, code };
}

/**
 * What a failed signature check against `jwksUri` throws: the provider's failure as it is (its
 * key set unreachable, or unusable: `idp_error`), else the token's fault through `refuse`, in
 * fixed words with jose's code as the cause.
 */
export function signatureFailure(
  error: unknown,
  jwksUri: string,
  refuse: (reason: string, cause?: unknown) => Error,
): Error {
  if (isIdentityWebError(error)) return error;
  if (error instanceof errors.JWKSInvalid) return idpError(`the JWKS endpoint ${jwksUri} answered an unusable key set`);
  const refused = joseReason(error);
  return refuse(
    refused?.reason ?? 'it is not a valid signed JWT',
    refused === undefined ? undefined : { code: refused.code },
  );
}
