/**
 * Remembers one-time values (logout-token `jti`) for a while. A value is checked with `has`
 * before the work it guards and remembered only once that work succeeded, so a delivery that
 * failed halfway can be retried.
 *
 * @group Store ports
 */
export interface ReplayCache {
  /**
   * Whether the key is remembered. A store in this process's memory may answer at once: a
   * request it is asked on then waits for no promise.
   */
  has(key: string): boolean | Promise<boolean>;
  /** `true` when the key was new and is now remembered; `false` when it was seen before. */
  putIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
}
