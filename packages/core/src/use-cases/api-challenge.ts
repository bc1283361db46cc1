// What a downstream API's 401 or 403 asks for (RFC 6750 §3, RFC 9449 §7.1, RFC 9470 §3, a
// claims challenge): read apart from the call that answers it.
import { fromBase64Url, fromUtf8 } from '../crypto/encoding.js';
import type { AccessToken } from '../domain/token.js';
import { schemeChallenge } from '../domain/www-authenticate.js';

/** The sign-in route refuses larger `claims`, so a larger challenge could never be answered. */
const MAX_CLAIMS_BYTES = 2048;

/** What an API's 401 or 403 asks for. */
export type Challenge =
  | { readonly kind: 'refresh' }
  | { readonly kind: 'claims'; readonly claims: string }
  | { readonly kind: 'scope'; readonly scopes: readonly string[] }
  | { readonly kind: 'step-up'; readonly acrValues?: readonly string[]; readonly maxAge?: number };

/** The `error` of a DPoP challenge (RFC 9449 §7.1). */
export function dpopError(response: Response): string | undefined {
  return schemeChallenge(response.headers.get('www-authenticate'), 'dpop')?.get('error');
}

/** What a 401/403 asks for: more claims, more scopes, a fresh token, or nothing (`null`). */
export function readChallenge(response: Response, token: AccessToken): Challenge | null {
  if (response.status !== 401 && response.status !== 403) return null;
  // RFC 9449 §7.1: an API answers a DPoP token with a DPoP challenge, of RFC 6750's parameters.
  const bearer = schemeChallenge(response.headers.get('www-authenticate'), token.dpopProof ? 'dpop' : 'bearer');
  const error = bearer?.get('error');
  if (error === 'insufficient_claims') {
    const claims = decodeClaims(bearer?.get('claims'));
    if (claims !== null) return { kind: 'claims', claims };
  }
  if (error === 'insufficient_scope') {
    return { kind: 'scope', scopes: (bearer?.get('scope') ?? '').split(' ').filter((s) => s !== '') };
  }
  if (error === 'insufficient_user_authentication') {
    const stepUp = stepUpOf(bearer?.get('acr_values'), bearer?.get('max_age'));
    if (stepUp !== null) return stepUp;
  }
  return response.status === 401 ? { kind: 'refresh' } : null;
}

/**
 * RFC 9470 §3: what a step-up challenge asks for, kept only in the form the sign-in route takes
 * (1 to 10 printable values, a whole number of seconds): `null` when it asks for neither, and
 * the 401 is then a token to refresh, as any other.
 */
function stepUpOf(acrValues: string | undefined, maxAge: string | undefined): Challenge | null {
  const values = (acrValues ?? '').split(' ').filter((value) => value !== '');
  const acr = values.length > 0 && values.length <= 10 && values.every((v) => /^[\x21-\x7e]{1,256}$/.test(v));
  const age = maxAge !== undefined && /^\d{1,9}$/.test(maxAge);
  if (!acr && !age) return null;
  return { kind: 'step-up', ...(acr && { acrValues: values }), ...(age && { maxAge: Number(maxAge) }) };
}

/** The challenge's `claims`: base64 (or base64url) of a JSON object, as Entra sends it. */
export function decodeClaims(value: string | undefined): string | null {
  if (value === undefined) return null;
  const bytes = fromBase64Url(withoutPadding(value).replace(/\+/g, '-').replace(/\//g, '_'));
  if (bytes === null || bytes.byteLength > MAX_CLAIMS_BYTES) return null;
  try {
    const json = fromUtf8.decode(bytes);
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? json : null;
  } catch {
    return null;
  }
}

/**
 * `value` without its trailing `=` padding (RFC 4648 §4), found by one scan from the end. The
 * regular expression `/=+$/` tries every `=` of a run that does not end the value as a start and
 * runs to the end from each: quadratic, 8 KB of `=` before one other character in a downstream
 * API's `WWW-Authenticate` took tens of milliseconds of the event loop.
 */
function withoutPadding(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d /* = */) end--;
  return value.slice(0, end);
}
