// A memo of normalized scope sets by what the app passed, so the hot path does not re-split the same scopes.
import { normalizeScopes, scopeKey } from '../domain/scopes.js';

/** A normalized scope list and its key in the hot index. */
export interface ScopeSet {
  readonly scopes: readonly string[];
  readonly key: string;
}

const MAX_ENTRIES = 1_000;

/**
 * Normalized scope sets by what the app passed, so the hot path does not split, sort and join
 * the same scopes on every request. Apps ask for a handful of distinct scope strings; the memo
 * is bounded anyway, and cleared whole when full.
 */
export class ScopeSets {
  private readonly known = new Map<string, ScopeSet>();

  of(scopes: string | readonly string[]): ScopeSet {
    const raw = typeof scopes === 'string' ? scopes : scopes.length === 1 ? scopes[0] : undefined;
    if (typeof raw === 'string') {
      const known = this.known.get(raw);
      if (known !== undefined) return known;
    }
    const normalized = Object.freeze(normalizeScopes(scopes));
    const set: ScopeSet = { scopes: normalized, key: scopeKey(normalized) };
    if (typeof raw === 'string') {
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(raw, set);
    }
    return set;
  }
}
