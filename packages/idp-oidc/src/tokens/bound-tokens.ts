// What every grant does about DPoP whether or not the app brought it (`dpop: dpopBinding()`):
// answer a server's nonce once, refuse a Bearer token where a bound one was asked for, and read a
// partition that keeps a key. The code that makes keys and proofs comes with the binding.
import type { DpopProver } from '@identity-web/core/provider';
import * as oauth from 'oauth4webapi';
import type { OidcContext } from '../context.js';
import { idpError, safeErrorCode } from '../errors.js';
import type { DpopKey, DpopPrivateJwk } from './dpop-key.js';

/**
 * Runs a request made with a DPoP proof, and once more when the server asks for a (new) nonce
 * (`use_dpop_nonce`, RFC 9449 §8): the refused response carried the nonce, which the transport
 * recorded, so the second proof has it. Once only: a server that keeps asking is failing.
 */
export async function withNonceRetry<T>(dpop: oauth.DPoPHandle | undefined, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (dpop === undefined || !oauth.isDPoPNonceError(error)) throw error;
    return request();
  }
}

/** The handle that proves `key` at the provider's endpoints; none without a key. */
export function dpopHandle(ctx: OidcContext, key: DpopKey | undefined): oauth.DPoPHandle | undefined {
  return key === undefined ? undefined : ctx.settings.dpop?.handle(ctx, key);
}

/** Proofs of `key` for the APIs its token is sent to; none without a key. */
export function dpopProver(ctx: OidcContext, key: DpopKey | undefined): DpopProver | undefined {
  return key === undefined ? undefined : ctx.settings.dpop?.prover(ctx, key);
}

/**
 * A partition's key, imported for signing; `null` when it does not import, or when the app no
 * longer brings DPoP (its tokens are bound to a key it cannot prove: the partition is not used).
 */
export function loadPartitionKey(ctx: OidcContext, stored: DpopPrivateJwk): Promise<DpopKey | null> {
  return ctx.settings.dpop?.loadKey(ctx, stored) ?? Promise.resolve(null);
}

/**
 * A partition that may keep a DPoP key (`dk`), read with `parse`: an unreadable one, or one whose
 * key does not import (its tokens are bound to that key), is `empty`: a cache miss, never an error.
 */
export async function readKeyedPartition<P extends { readonly dk?: DpopPrivateJwk }>(
  ctx: OidcContext,
  text: string | null,
  parse: (text: string) => P | null,
  empty: P,
): Promise<{ partition: P; stored: { key: DpopKey; stored: DpopPrivateJwk } | undefined }> {
  const read = (text === null ? null : parse(text)) ?? empty;
  if (read.dk === undefined) return { partition: read, stored: undefined };
  const key = await loadPartitionKey(ctx, read.dk);
  return key === null ? { partition: empty, stored: undefined } : { partition: read, stored: { key, stored: read.dk } };
}

/**
 * What every token response must be under `dpop` — the code redemption's, each refresh's, each
 * client-credentials grant's: a DPoP token (a provider that answers a proved request with a
 * Bearer token did not bind it, RFC 9449 §5, and a Bearer token would be sent as one). A
 * partition that keeps its key with `dpop` turned off is not used (see `loadPartitionKey`).
 * (Under FAPI 2.0 an ID token's algorithm is pinned where its signature is verified: `id-token.ts`.)
 */
export function checkBinding(ctx: OidcContext, result: { readonly token_type: string }, operation: string): void {
  if (ctx.settings.dpop !== undefined && result.token_type.toLowerCase() !== 'dpop') {
    throw idpError(
      `${operation} failed: "dpop" is on but the provider issued a token of type "${safeErrorCode(result.token_type)}", not DPoP`,
    );
  }
}
