// What every operation of the msal provider shares: its settings, the per-call msal clients, the key cache.
import { fetchKeySet, JwksCache } from './http/jwks.js';
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
  const { clock, fetch, timeoutMs } = settings;
  return {
    settings,
    clients: new MsalClients(settings),
    jwks: new JwksCache(clock, JWKS_TTL_MS, (uri) => fetchKeySet(fetch, timeoutMs, uri)),
  };
}
