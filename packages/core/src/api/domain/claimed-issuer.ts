// The issuer a JWT names before anything of it is verified: it only picks whose keys must verify it.
import { fromBase64Url, fromUtf8 } from '../../crypto/encoding.js';

/** The `iss` of a compact JWS's payload, unverified; `undefined` when there is none to read. */
export function claimedIssuer(jwt: string): unknown {
  const parts = jwt.split('.');
  const bytes = parts.length === 3 ? fromBase64Url(parts[1]!) : null;
  if (bytes === null) return undefined;
  try {
    return (JSON.parse(fromUtf8.decode(bytes)) as { iss?: unknown } | null)?.iss;
  } catch {
    return undefined;
  }
}
