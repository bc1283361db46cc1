// A stand-in provider that exchanges tokens on a user's behalf, for the API-tier scenarios: the
// scenario issuer's token and logout-token checks, and a token exchange that files tokens in its
// partition as the IdP packages do, counting its grants, which a test may hold back.
import type { SilentTokenRequest, TokenResult } from '@identity-web/core/provider';
import type { ApiTokenIssuer } from './api-token-issuer.js';

/**
 * A provider whose token exchange files tokens by (received token, scopes) in its partition, as
 * the IdP packages do: `grants` lists the exchanges made, `hold()` holds the next ones back until
 * the function it returns is called.
 */
export function exchangingProvider(issuer: ApiTokenIssuer) {
  const grants: { assertion: string; scopes: readonly string[]; resource?: string; claims?: string }[] = [];
  let gate: Promise<void> | undefined;
  const provider = {
    ...issuer.provider,
    async acquireTokenOnBehalfOf(partition: string | null, assertion: string, request: SilentTokenRequest) {
      const tokens: Record<string, string> = partition === null ? {} : JSON.parse(partition);
      const key = `${assertion} ${request.scopes.join(' ')} ${request.resource ?? ''}`;
      const result = (token: string, changed: string | null): TokenResult => ({
        accessToken: token,
        expiresAt: Date.now() + 3600_000,
        scopes: request.scopes,
        tokenType: 'Bearer',
        partition: changed,
      });
      const cached = tokens[key];
      if (cached !== undefined && !request.forceRefresh) return result(cached, null);
      grants.push({
        assertion,
        scopes: request.scopes,
        ...(request.resource !== undefined && { resource: request.resource }),
        ...(request.claims !== undefined && { claims: request.claims }),
      });
      await gate;
      const token = `obo-${grants.length}`;
      return result(token, JSON.stringify({ ...tokens, [key]: token }));
    },
  };
  return {
    provider,
    grants,
    hold() {
      let release = () => {};
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}
