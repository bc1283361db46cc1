// Starts a sign-in: a one-time transaction (state, nonce, PKCE) and the identity provider's authorize URL.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import type { Settings } from '../config/settings.js';
import { pkcePair, randomId } from '../crypto/random.js';
import { normalizeScopes } from '../domain/scopes.js';
import type { Transaction } from '../domain/session.js';
import type { Clock } from '../ports/clock.port.js';

export interface StartSignInInput {
  /** The provider to sign in with (already chosen among the configured ones); default the first. */
  readonly provider?: NamedProvider;
  /** Already validated same-origin path. */
  readonly returnTo: string;
  /** Prefix of `state` that tells the callback where this browser keeps the transaction. */
  readonly statePrefix: string;
  readonly scopes?: readonly string[];
  readonly prompt?: string;
  readonly loginHint?: string;
  readonly domainHint?: string;
  readonly claims?: string;
  /** A step-up's `acr_values` (RFC 9470 §4). */
  readonly acrValues?: readonly string[];
  /** A step-up's `max_age`, in seconds (RFC 9470 §4). */
  readonly maxAge?: number;
  /** The session this browser has now: the sign-in ends it when it completes. */
  readonly previousSessionId?: string;
  /** Set when the callback starts an overtaken sign-in again: when it does (epoch ms). */
  readonly restartedAt?: number;
}

export interface StartedSignIn {
  /** The IdP's authorization URL. */
  readonly url: URL;
  /** What the browser must keep (sealed) until the callback. */
  readonly transaction: Transaction;
}

/** Starts a sign-in: a one-time transaction with state, nonce and PKCE, and the IdP's authorize URL. */
@injectable()
export class StartSignIn {
  constructor(
    @inject(DI_KEYS.Settings) private readonly settings: Settings,
    @inject(DI_KEYS.Clock) private readonly clock: Clock,
    @inject(Providers) private readonly providers: Providers,
  ) {}

  async execute(input: StartSignInInput): Promise<StartedSignIn> {
    const scopes = normalizeScopes([...this.settings.scopes, ...(input.scopes ?? [])]);
    const provider = input.provider ?? this.providers.first;
    const pkce = await pkcePair();
    const now = this.clock.now();
    const transaction: Transaction = {
      state: `${input.statePrefix}${randomId()}`,
      nonce: randomId(),
      codeVerifier: pkce.verifier,
      returnTo: input.returnTo,
      scopes,
      createdAt: now,
      expiresAt: now + this.settings.signInTtlSeconds * 1000,
      ...(input.previousSessionId !== undefined && { previousSessionId: input.previousSessionId }),
      ...(provider.name !== undefined && { provider: provider.name }),
      ...(input.restartedAt !== undefined && { restartedAt: input.restartedAt }),
      ...((input.acrValues !== undefined || input.maxAge !== undefined) && {
        stepUp: {
          ...(input.acrValues !== undefined && { acrValues: input.acrValues }),
          ...(input.maxAge !== undefined && { maxAge: input.maxAge }),
        },
      }),
    };
    const url = await provider.idp.authorizationUrl({
      redirectUri: provider.redirectUri,
      state: transaction.state,
      nonce: transaction.nonce,
      codeChallenge: pkce.challenge,
      scopes,
      ...(input.prompt !== undefined && { prompt: input.prompt }),
      ...(input.loginHint !== undefined && { loginHint: input.loginHint }),
      ...(input.domainHint !== undefined && { domainHint: input.domainHint }),
      ...(input.claims !== undefined && { claims: input.claims }),
      ...(input.acrValues !== undefined && { acrValues: input.acrValues }),
      ...(input.maxAge !== undefined && { maxAge: input.maxAge }),
      ...(this.settings.resources.length > 0 && { resources: this.settings.resources }),
    });
    return { url, transaction };
  }
}
