// `signOutUser`: the app ends every session of one user on every instance, as a back-channel logout would.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { Providers } from '../config/providers.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';
import { type UserRef, validUser } from './user-sessions.js';

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
