import { inject, injectable } from '../config/di.js';
import type { Settings } from '../config/options.js';
import { TOKENS } from '../config/tokens.js';
import { pkcePair, randomId } from '../crypto/random.js';
import { normalizeScopes } from '../domain/scopes.js';
import type { Transaction } from '../domain/session.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';
import type { SessionStore } from '../ports/session-store.port.js';

export interface StartSignInInput {
  /** Already validated same-origin path. */
  readonly returnTo: string;
  /** The browser's binding value (from its sign-in cookie). */
  readonly browserBinding: string;
  readonly scopes?: readonly string[];
  readonly prompt?: string;
  readonly loginHint?: string;
  readonly domainHint?: string;
  readonly claims?: string;
}

/** Starts a sign-in: a one-time transaction with state, nonce and PKCE, and the IdP's authorize URL. */
@injectable()
export class StartSignIn {
  constructor(
    @inject(TOKENS.Settings) private readonly settings: Settings,
    @inject(TOKENS.IdentityProvider) private readonly idp: IdentityProvider,
    @inject(TOKENS.SessionStore) private readonly sessions: SessionStore,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async execute(input: StartSignInInput): Promise<URL> {
    const scopes = normalizeScopes([...this.settings.scopes, ...(input.scopes ?? [])]);
    const pkce = await pkcePair();
    // Keyed by state so parallel tabs never overwrite each other's transaction.
    const transaction: Transaction = {
      state: randomId(),
      nonce: randomId(),
      codeVerifier: pkce.verifier,
      browserBinding: input.browserBinding,
      returnTo: input.returnTo,
      scopes,
      createdAt: this.clock.now(),
    };
    await this.sessions.putTransaction(transaction, this.settings.signInTtlSeconds);
    return this.idp.authorizationUrl({
      redirectUri: this.settings.redirectUri,
      state: transaction.state,
      nonce: transaction.nonce,
      codeChallenge: pkce.challenge,
      scopes,
      ...(input.prompt !== undefined && { prompt: input.prompt }),
      ...(input.loginHint !== undefined && { loginHint: input.loginHint }),
      ...(input.domainHint !== undefined && { domainHint: input.domainHint }),
      ...(input.claims !== undefined && { claims: input.claims }),
    });
  }
}
