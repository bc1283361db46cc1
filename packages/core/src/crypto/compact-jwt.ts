// A signed JWT read before any key is fetched: its shape, which tells a malformed request from a
// token whose key or signature is refused, and its claims, which only pick whose keys verify it.
// The one place a JWT is read unverified.
import { jwtClaimsSet } from '../domain/verify-logout-token.js';
import { fromBase64Url } from './encoding.js';

/**
 * Whether `text` is a JWS in the compact serialization (RFC 7515 §7.1: three base64url parts)
 * whose protected header is a JSON object naming an `alg`, and whose payload is a JSON object
 * (RFC 7519 §7.2 steps 2–10). Nothing is verified here: a `false` means the body is no signed JWT
 * at all, which RFC 8935 §2.4 answers `invalid_request`; a well-formed token whose signature or
 * key fails is the transmitter's to refuse (`invalid_key`).
 */
export function isCompactJwt(text: string): boolean {
  const parts = text.split('.');
  if (parts.length !== 3 || parts[2] === '') return false;
  const header = jsonObject(parts[0]!);
  return header !== null && typeof header.alg === 'string' && jsonObject(parts[1]!) !== null;
}

/**
 * The claims of a compact JWS's payload, unverified: for picking the provider whose keys must
 * verify it (or naming it in a refusal), never for deciding anything. `undefined` when the text
 * has no JSON object payload to read.
 */
export function unverifiedClaims(jwt: string): Readonly<Record<string, unknown>> | undefined {
  const parts = jwt.split('.');
  return (parts.length === 3 && jsonObject(parts[1]!)) || undefined;
}

/** Three parts separated by dots (RFC 7515 §7.1), counted without splitting the token. */
export function isJwsShaped(token: string): boolean {
  const first = token.indexOf('.');
  const second = first === -1 ? -1 : token.indexOf('.', first + 1);
  return second !== -1 && token.indexOf('.', second + 1) === -1;
}

function jsonObject(segment: string): Record<string, unknown> | null {
  const bytes = segment === '' ? null : fromBase64Url(segment);
  return bytes === null ? null : jwtClaimsSet({ protectedHeader: {}, payload: bytes });
}
