/**
 * A short, exclusive lease per account across every instance, so at most one refresh of an
 * account's tokens runs at the IdP at a time (a rotated refresh token must not be spent twice).
 * In one process the core's own per-account mutex suffices; shared stores implement this.
 *
 * @group Store ports
 */
export interface RefreshLease {
  /**
   * How long a caller waits for another holder's refresh before it gives up with a 503
   * `store_conflict`, in ms. A shared store gives its own command deadline, so no request waits
   * longer on the lease than on any other store operation. Default 10,000.
   */
  readonly maxWaitMs?: number;
  /** A lease token when acquired, `null` while another holder has it. Expires after `ttlMs`. */
  acquire(key: string, ttlMs: number): Promise<string | null>;
  /** Releases the lease if `token` still holds it. */
  release(key: string, token: string): Promise<void>;
}
