// RFC 7515 §7.1, §4.1.11 and RFC 7797: a compact JWS's parts and header read as jose reads them, for the node:crypto path.
import { base64url } from 'jose';
import { PROOF_REASONS, proofRefused } from './proof-rules.js';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** A JSON object, not an array or `null`: what jose's `isObject` takes of a `JSON.parse` result. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whether every character of a string is ASCII: jose encodes a JWS's signing input only then. */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

// RFC 7515 §2: the base64url alphabet, no padding. `\w` is [A-Za-z0-9_].
const BASE64URL = /^[\w-]*$/;

/**
 * The bytes of one part of a compact JWS, or `undefined` where jose refuses it. A part in the
 * base64url alphabet whose length is not 1 modulo 4 (RFC 4648 §5; RFC 7515 Appendix C) decodes
 * the same everywhere, so `fast` (Node's `Buffer`) decodes it; anything else goes to jose's own
 * decoder, whose leniency (padding, whitespace) the `node:crypto` path keeps.
 */
export function decodePart(part: string, fast: (part: string) => Uint8Array): Uint8Array | undefined {
  if (part.length % 4 !== 1 && BASE64URL.test(part)) return fast(part);
  try {
    return base64url.decode(part);
  } catch {
    return undefined;
  }
}

// RFC 7515 §4 and RFC 7519 §7.2: UTF-8, refused when malformed; a leading BOM dropped, as jose's decoder does.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON object that UTF-8 bytes hold, else `undefined`. */
export function jsonObject(bytes: Uint8Array | undefined): JsonObject | undefined {
  if (bytes === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(bytes));
  } catch {
    return undefined;
  }
  return isJsonObject(value) ? value : undefined;
}

/**
 * RFC 7515 §4.1.11 and RFC 7797 §6, as jose checks them: `crit`, when present, is a non-empty
 * array of non-empty strings, each an extension understood here (only `b64`) and present in the
 * header, and `b64` then a boolean. Whether the payload is base64url-encoded (RFC 7797 §3).
 */
export function payloadEncoded(header: JsonObject): boolean {
  const { crit } = header;
  if (crit === undefined) return true;
  if (!Array.isArray(crit) || crit.length === 0 || crit.some((name) => typeof name !== 'string' || name.length === 0)) {
    throw proofRefused(PROOF_REASONS.jws);
  }
  for (const name of crit) {
    if (name !== 'b64') throw proofRefused(PROOF_REASONS.unsupported);
    if (!Object.hasOwn(header, 'b64')) throw proofRefused(PROOF_REASONS.jws);
  }
  if (typeof header.b64 !== 'boolean') throw proofRefused(PROOF_REASONS.jws);
  return header.b64;
}

// RFC 7638 §3.2: each key type's required members, in lexicographic order.
const REQUIRED_MEMBERS: ReadonlyMap<unknown, readonly string[]> = new Map([
  ['EC', ['crv', 'kty', 'x', 'y']],
  ['OKP', ['crv', 'kty', 'x']],
  ['RSA', ['e', 'kty', 'n']],
]);

/**
 * RFC 7638 §3.1–3.3: what a JWK's thumbprint hashes, its required members in lexicographic order
 * as JSON without whitespace. `undefined` where jose computes none: a member missing, empty or
 * not a string, or the JSON not ASCII.
 */
export function thumbprintInput(jwk: JsonObject): string | undefined {
  const names = REQUIRED_MEMBERS.get(jwk.kty);
  if (names === undefined) return undefined;
  const members: Record<string, string> = {};
  for (const name of names) {
    const value = jwk[name];
    if (typeof value !== 'string' || value === '') return undefined;
    members[name] = value;
  }
  const input = JSON.stringify(members);
  return isAscii(input) ? input : undefined;
}
