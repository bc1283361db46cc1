import { s256 } from './openid-shapes.js';

/** What a user granted the client: whose tokens, for which session and scopes. */
export interface Grant {
  readonly sub: string;
  readonly sid: string;
  readonly scope: string;
}

/** An authorization code waiting at the token endpoint, with what its redemption must match. */
export interface PendingCode extends Grant {
  readonly nonce: string;
  readonly challenge: string;
  readonly redirectUri: string;
}

/**
 * The fake provider's memory of codes and refresh tokens. Both are single-use: a code is spent
 * by its first redemption (RFC 6749 §4.1.2), a refresh token by its first refresh (rotation,
 * RFC 9700 §4.14.2), so tests notice a client that reuses either.
 */
export class Grants {
  readonly #codes = new Map<string, PendingCode>();
  readonly #refreshTokens = new Map<string, Grant>();
  #serial = 0;

  /** A fresh identifier (`code-1`, `rt-2`, `at-3`...), unique for the fake's lifetime. */
  next(prefix: string): string {
    return `${prefix}-${++this.#serial}`;
  }

  clear(): void {
    this.#codes.clear();
    this.#refreshTokens.clear();
  }

  newCode(pending: PendingCode): string {
    const code = this.next('code');
    this.#codes.set(code, pending);
    return code;
  }

  /** Spends `code`; its grant only when the redirect URI and the PKCE verifier (RFC 7636 §4.6) match. */
  async redeem(code: string, redirectUri: string | null, verifier: string): Promise<PendingCode | undefined> {
    const pending = this.#codes.get(code);
    this.#codes.delete(code);
    if (pending === undefined || pending.redirectUri !== redirectUri) return undefined;
    return (await s256(verifier)) === pending.challenge ? pending : undefined;
  }

  newRefreshToken(grant: Grant): string {
    const token = this.next('rt');
    this.#refreshTokens.set(token, grant);
    return token;
  }

  /** Spends a refresh token; its grant, or `undefined` when unknown or already used. */
  spendRefreshToken(token: string): Grant | undefined {
    const grant = this.#refreshTokens.get(token);
    this.#refreshTokens.delete(token);
    return grant;
  }
}
