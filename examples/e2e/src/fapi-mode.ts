import { fapiByDefault } from '@identity-web-examples/demo';

/**
 * `IDENTITY_WEB_DEMO_FAPI=1`: every suite's demo runs in FAPI 2.0 mode (`startDemo`'s default of
 * `fapi`): pushed authorization requests, DPoP-bound tokens, private_key_jwt, no client secrets.
 */
export const FAPI_MODE = fapiByDefault();
