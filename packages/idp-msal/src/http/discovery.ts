// Shares msal's discovery GETs between the provider's per-call msal clients, so the authority resolves once.
import type { NetworkResponse } from '@azure/msal-node';
import type { Clock } from '@identity-web/core/provider';

// msal itself keeps discovered metadata for 24 h (msal-common AUTHORITY_METADATA_CACHE_TTL).
const TTL_MS = 24 * 60 * 60 * 1000;
// msal GETs only instance discovery and OpenID configuration: a handful of URLs per authority.
const MAX_ENTRIES = 32;

interface Entry {
  readonly expiresAt: number;
  readonly response: Promise<NetworkResponse<unknown>>;
}

/**
 * Shares msal's discovery GETs between the short-lived msal clients of one provider: the
 * first call fetches, concurrent and later calls reuse the answer (single flight). This is
 * what "resolve the authority once" costs without depending on msal's internal metadata cache,
 * which dies with each per-call client. Only a 200 answer is kept; a failure is retried by the
 * next call.
 */
export class DiscoveryCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  async get<T>(url: string, load: () => Promise<NetworkResponse<T>>): Promise<NetworkResponse<T>> {
    const now = this.clock.now();
    let entry = this.entries.get(url);
    if (entry === undefined || entry.expiresAt <= now) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      entry = { expiresAt: now + TTL_MS, response: load() };
      this.entries.set(url, entry);
      const stored = entry;
      const forget = (): void => {
        if (this.entries.get(url) === stored) this.entries.delete(url);
      };
      stored.response.then((r) => (r.status === 200 ? undefined : forget()), forget);
    }
    const response = (await entry.response) as NetworkResponse<T>;
    // Each msal client gets its own copy: nothing it does to the body can leak into another call.
    return { status: response.status, headers: { ...response.headers }, body: structuredClone(response.body) };
  }
}
