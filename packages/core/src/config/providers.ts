// The app's identity providers by name, and which one a sign-in, an account, a logout or a user belongs to.
import type { Account } from '../domain/account.js';
import { badRequest, ErrorCode } from '../domain/errors.js';
import { decoratePort } from '../ports/decorate-port.js';
import type { IdentityProvider } from '../ports/identity-provider.port.js';

/** One configured identity provider, with the name the app gave it under `identityProviders`. */
export interface NamedProvider {
  /** Its key under `identityProviders`; `undefined` for the single `identityProvider`. */
  readonly name: string | undefined;
  readonly idp: IdentityProvider;
  /**
   * Where it sends the browser back: `{baseUrl}{basePath}/callback`, or with several providers
   * `…/callback/{name}` — one redirect URI per provider, so a response is only ever taken for the
   * provider whose callback it came to (the mix-up defence of RFC 9700 §4.4.2, for providers that
   * send no RFC 9207 `iss`).
   */
  readonly redirectUri: string;
}

/** What a name under `identityProviders` may be: it shows in URLs (`?provider=`), account keys and logs. */
export const PROVIDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/**
 * The app's identity providers, and which one a sign-in, an account, a logout or a user belongs
 * to. With several (`identityProviders`), every account key starts with its provider's name, so
 * two providers' accounts never share a partition, a registry entry or a session, whatever
 * `sub` values they carry; and issuers are distinct, so a logout names one provider only.
 */
export class Providers {
  readonly several: boolean;
  private readonly byName = new Map<string, NamedProvider>();

  constructor(readonly all: readonly NamedProvider[]) {
    this.several = all.some((p) => p.name !== undefined);
    for (const p of all) if (p.name !== undefined) this.byName.set(p.name, p);
  }

  /** The single provider, or the first of several: it names the app in shared stores. */
  get first(): NamedProvider {
    return this.all[0]!;
  }

  /** The provider of that name, or `undefined`; with a single provider, `undefined` names it. */
  named(name: string | undefined): NamedProvider | undefined {
    if (!this.several) return name === undefined ? this.first : undefined;
    return name === undefined ? undefined : this.byName.get(name);
  }

  /** The provider whose issuer is exactly `issuer`. */
  withIssuer(issuer: string): NamedProvider | undefined {
    return this.all.find((p) => p.idp.issuer === issuer);
  }

  /**
   * The provider an account belongs to: the name its key starts with, or the single one. A key
   * without a name is one of a sign-in from before the app had several providers; its `issuer`
   * (the session's, the registry entry's) says which provider it is.
   */
  ofKey(accountKey: string, issuer?: string): NamedProvider | undefined {
    if (!this.several) return this.first;
    const at = accountKey.indexOf(SEPARATOR);
    if (at !== -1) return this.byName.get(accountKey.slice(0, at));
    return issuer === undefined ? undefined : this.withIssuer(issuer);
  }
}

const SEPARATOR = ':';

/**
 * One of several providers as the core uses it: the accounts it signs in carry its `name` and a
 * key prefixed with it; the provider itself sees its own keys, as with a single provider.
 */
export function namedProvider(name: string, idp: IdentityProvider): IdentityProvider {
  const prefix = `${name}${SEPARATOR}`;
  const own = (account: Account): Account => {
    const { provider: _, ...rest } = account;
    return { ...rest, key: account.key.startsWith(prefix) ? account.key.slice(prefix.length) : account.key };
  };
  return decoratePort(idp, {
    redeemCode: async (redemption) => {
      const result = await idp.redeemCode(redemption);
      // Sessions are filed, and logouts found, under the issuer: a provider's accounts carry its own.
      if (result.account.issuer !== idp.issuer) {
        throw badRequest(ErrorCode.InvalidCallback, `identityProviders.${name} signed in an account of another issuer`);
      }
      return { ...result, account: { ...result.account, key: `${prefix}${result.account.key}`, provider: name } };
    },
    acquireTokenSilent: (partition, account, request) => idp.acquireTokenSilent(partition, own(account), request),
    cachedToken: (partition, account, request) => idp.cachedToken!(partition, own(account), request),
  });
}
