/** Remembers one-time values (logout-token `jti`) for a while. */
export interface ReplayCache {
  /** `true` when the key was new and is now remembered; `false` when it was seen before. */
  putIfAbsent(key: string, ttlSeconds: number): Promise<boolean>;
}
