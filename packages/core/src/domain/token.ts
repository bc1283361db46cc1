/** An access token as the cache hands it out. */
export interface CachedToken {
  /** The access token to send as `Authorization: Bearer ...`. */
  readonly accessToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  /** The scopes the token was granted for. */
  readonly scopes: readonly string[];
  /** The token type, usually `Bearer`. */
  readonly tokenType: string;
}
