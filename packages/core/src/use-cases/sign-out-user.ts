// `signOutUser`: the app ends every session of one user on every instance, as a back-channel logout would.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import { invalidArgument } from '../domain/errors.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';

/** Who `identity.signOutUser` signs out: the user as the provider names them. */
export interface UserRef {
  /** The provider's issuer (`identityProvider.issuer`, or one of `identityProviders`' issuers). */
  readonly issuer: string;
  /** The user's `sub` at that issuer. */
  readonly subject: string;
}

/**
 * Signs one user out everywhere, from the app's side: every session of (issuer, subject) ends
 * and every account of it leaves the token cache, on every instance — what a back-channel
 * logout by `sub` does, for admin pages, account deletion or a reset password. The refresh
 * token is revoked where `revokeOnRemove` says so. Removal reason `api`.
 */
@injectable()
export class SignOutUser {
  constructor(
    @inject(Providers) private readonly providers: Providers,
    @inject(DI_KEYS.AccountRegistry) private readonly registry: AccountRegistry,
    @inject(RemoveAccount) private readonly removeAccount: RemoveAccount,
  ) {}

  /** @returns how many sessions ended. */
  async execute(user: UserRef): Promise<number> {
    const { issuer, subject } = validUser(user, this.providers, 'signOutUser');
    const accounts = sessionsByAccount(await this.registry.findBySubject(issuer, subject));
    let ended = 0;
    for (const [accountKey, sessionIds] of accounts) {
      ended += (await this.removeAccount.execute(accountKey, 'api', sessionIds)).ended;
    }
    return ended;
  }
}

/** `user` as a {@link UserRef} of one of the providers, or `invalid_argument` naming `method`. */
export function validUser(user: UserRef, providers: Providers, method: string): UserRef {
  const given = (typeof user === 'object' && user !== null ? user : {}) as Partial<UserRef>;
  if (
    typeof given.issuer !== 'string' ||
    given.issuer === '' ||
    typeof given.subject !== 'string' ||
    given.subject === ''
  ) {
    throw invalidArgument('user', `${method}({ issuer, subject }): both must be non-empty strings`);
  }
  if (providers.withIssuer(given.issuer) === undefined) {
    const issuers = providers.all.map((p) => p.idp.issuer).join(', ');
    throw invalidArgument('issuer', `${method}(): "issuer" must be the issuer of a configured provider: ${issuers}`);
  }
  return { issuer: given.issuer, subject: given.subject };
}
