/** An access token as the cache hands it out. */
export interface CachedToken {
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly scopes: readonly string[];
  readonly tokenType: string;
}
