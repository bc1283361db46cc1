// OIDC Back-Channel Logout 1.0 at the web app: the accounts and sessions a logout token names removed.
import { inject, injectable } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { type NamedProvider, Providers } from '../config/providers.js';
import { ErrorCode, IdentityWebError, isIdentityWebError } from '../domain/errors.js';
import type { LogoutTokenClaims } from '../domain/logout-token.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import { BackChannelLogout, type LogoutParty } from './back-channel-logout.js';
import { claimedProvider } from './claimed-provider.js';
import { RemoveAccount, sessionsByAccount } from './remove-account.js';

/**
 * The web app's back-channel logout ({@link BackChannelLogout}): the token verified by the
 * provider its `iss` names, then every account it names removed — by (iss, sid), narrowed to
 * `sub` when both are present, or every account of (iss, sub) — through the account registry,
 * whether or not a session still lives. Returns the number of accounts removed.
 */
@injectable()
export class HandleBackChannelLogout extends BackChannelLogout {
  constructor(
    @inject(Providers) providers: Providers,
    @inject(DI_KEYS.AccountRegistry) registry: AccountRegistry,
    @inject(DI_KEYS.ReplayCache) replays: ReplayCache,
    @inject(DI_KEYS.Clock) clock: Clock,
    @inject(RemoveAccount) removeAccount: RemoveAccount,
  ) {
    super(webApp(providers, registry, removeAccount), replays, clock);
  }
}

/** The web app as a party to back-channel logout: its providers verify, its accounts end. */
function webApp(providers: Providers, registry: AccountRegistry, removeAccount: RemoveAccount): LogoutParty {
  return {
    replayScope: '',
    async verify(token) {
      const { provider, claims } = await verified(providers, token);
      // Sessions are filed under their provider's issuer: one provider's token never finds another's.
      if (claims.iss !== provider.idp.issuer) {
        throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from another issuer');
      }
      return claims;
    },
    async end(claims) {
      const entries =
        claims.sid !== undefined
          ? (await registry.findBySid(claims.iss, claims.sid)).filter(
              // §2.7: with both, only sessions of that subject end.
              (e) => claims.sub === undefined || e.subject === claims.sub,
            )
          : await registry.findBySubject(claims.iss, claims.sub!);
      // The sessions the lookup found end too, even one whose entry the account's own list lost.
      const accounts = sessionsByAccount(entries);
      for (const [accountKey, sessionIds] of accounts) {
        await removeAccount.execute(accountKey, 'back-channel', sessionIds);
      }
      return accounts.size;
    },
  };
}

/**
 * Verified by the provider its `iss` names. A token whose `iss` is no configured issuer exactly
 * (a tenant of an issuer template) goes to each provider in turn: only the keys of the provider
 * that signed it verify it.
 */
async function verified(
  providers: Providers,
  jwt: string,
): Promise<{ provider: NamedProvider; claims: LogoutTokenClaims }> {
  const named = claimedProvider(providers, jwt);
  if (named !== undefined) return { provider: named, claims: await named.idp.verifyLogoutToken(jwt) };
  let outage: unknown;
  for (const provider of providers.all) {
    try {
      return { provider, claims: await provider.idp.verifyLogoutToken(jwt) };
    } catch (error) {
      // A provider that could not be asked (its keys unreachable) may be the one: 5xx, so the IdP retries.
      if (!(isIdentityWebError(error) && error.code === ErrorCode.InvalidLogoutToken)) outage ??= error;
    }
  }
  if (outage !== undefined) throw outage;
  throw new IdentityWebError(ErrorCode.InvalidLogoutToken, 'logout token is from none of the configured providers');
}
