// Which key of a loaded set verifies a token, including a token without `kid`.
import { errors, flattenedVerify, type JWTVerifyGetKey } from 'jose';

/**
 * Keys tried for one token without a `kid` when several of the right type are published
 * (OIDC Core 1.0 §10.1: a `kid` is required only then, and conformance tests accept trying each).
 * The keys come from the provider, never from the token, so this bounds only a provider's mistake.
 */
export const MAX_CANDIDATES = 8;

/**
 * The set's key for the token. A token without `kid` is verified here, against the one key of
 * its type or each of several (at most {@link MAX_CANDIDATES}), so a failure can trigger the
 * refetch a rotation without `kid`s needs; a signature failure when none verifies.
 */
export async function pickKey(keys: JWTVerifyGetKey, ...[header, token]: Parameters<JWTVerifyGetKey>) {
  let candidates: AsyncIterable<Awaited<ReturnType<JWTVerifyGetKey>>>;
  try {
    const key = await keys(header, token);
    if (header.kid !== undefined) return key;
    candidates = (async function* () {
      yield key;
    })();
  } catch (error) {
    if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
    candidates = error;
  }
  let tried = 0;
  for await (const key of candidates) {
    if (++tried > MAX_CANDIDATES) break;
    try {
      await flattenedVerify(token, key, { algorithms: [String(header.alg)] });
      return key;
    } catch {
      // not this one
    }
  }
  throw new errors.JWSSignatureVerificationFailed();
}
