// Random ids (session ids, state, nonce, CSRF tokens) and the PKCE verifier with its S256 challenge.
import { toBase64Url, utf8 } from './encoding.js';

/** 256 random bits as base64url: session ids, state, nonce, CSRF tokens. */
export function randomId(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** PKCE verifier and its S256 challenge (RFC 7636 §4.1–4.2). */
export async function pkcePair(): Promise<{ verifier: string; challenge: string }> {
  const verifier = randomId(32);
  const digest = await crypto.subtle.digest('SHA-256', utf8.encode(verifier));
  return { verifier, challenge: toBase64Url(new Uint8Array(digest)) };
}
