// What every operation of the msal provider shares: its settings, the per-call msal clients, the key cache.
import { JwksCache } from '@identity-web/core/provider';
import { keySetFetch } from './http/transport.js';
import { MsalClients } from './msal-clients.js';
import type { ProviderSettings } from './settings.js';

// jose's former default for remote key sets: Entra rotates keys rarely and announces them early.
const JWKS_TTL_MS = 10 * 60 * 1000;

/** What every operation of the provider shares: settings, the per-call msal clients and caches. */
export interface MsalContext {
  readonly settings: ProviderSettings;
  readonly clients: MsalClients;
  readonly jwks: JwksCache;
}

export function createContext(settings: ProviderSettings): MsalContext {
  return {
    settings,
    clients: new MsalClients(settings),
    jwks: new JwksCache(settings.clock, JWKS_TTL_MS, keySetFetch(settings)),
  };
}
