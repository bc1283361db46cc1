import { fapiByDefault } from '@identity-web-examples/demo';

/**
 * `IDENTITY_WEB_DEMO_FAPI=1`: every suite's demo runs in FAPI 2.0 mode (`startDemo`'s default of
 * `fapi`): pushed authorization requests, DPoP-bound tokens, private_key_jwt, no client secrets.
 */
export const FAPI_MODE = fapiByDefault();

/**
 * In FAPI 2.0 mode, skips the running test (its context's `skip`) after one line on stderr saying
 * why: for the few tests whose subject does not exist there (client secrets, say).
 */
export function skipInFapiMode(skip: (note?: string) => void, reason: string): void {
  if (!FAPI_MODE) return;
  console.warn(`SKIPPED in FAPI 2.0 mode (IDENTITY_WEB_DEMO_FAPI=1): ${reason}`);
  skip(reason);
}
