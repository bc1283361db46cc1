// createIdentityWebApi's options checked once, at creation, with their defaults.

import type { Logger } from '@identity-web/core';
import type { Clock } from '@identity-web/core/provider';
import type { AccountRegistry, ReplayCache } from '@identity-web/core/store';
import { RecordCipher } from '../../crypto/record-cipher.js';
import { invalidOption } from '../../domain/errors.js';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../../domain/logout-token.js';
import {
  checkOptionsObject,
  httpsUrl,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalObjectWith,
  optionalString,
  requiredString,
  secretsOption,
} from '../../domain/option-checks.js';
import { optionalClock } from '../../ports/clock.port.js';
import { silentLogger } from '../../ports/logger.port.js';
import { Partitions } from '../../records/partitions.js';
import { MemoryReplayCache } from '../../stores/memory-replay-cache.js';
import { API_PORTS, givenStores, storeOrMemory } from '../../stores/store-defaults.js';
import { DpopNonces } from '../dpop/dpop-nonces.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';
import { type ApiSharedSignals, resolveApiSharedSignals } from './api-shared-signals.js';
import { keptApartFromProofs } from './ended-sessions-memory.js';
import { type IntrospectionSettings, resolveIntrospection } from './introspection-settings.js';

/**
 * How long the tokens obtained on behalf of a user, and the registry entries that find them, are
 * kept after their last write, in seconds: a day, longer than any access token they were had for.
 */
export const ON_BEHALF_OF_TTL_SECONDS = 24 * 3600;
/** Tokens obtained on behalf of a user are exchanged again this long before they expire, at most. */
export const ON_BEHALF_OF_REFRESH_SKEW_SECONDS = 300;
const DEFAULT_ENDED_SESSION_SECONDS = 24 * 3600;

/** The options of an API, checked, with their defaults. */
export interface ApiSettings {
  readonly providers: readonly AccessTokenProvider[];
  readonly audience: string;
  /** `https://api.example.com`, no trailing slash. */
  readonly origin: string;
  readonly clockSkewSeconds: number;
  readonly dpop: { readonly required: boolean; readonly nonces: DpopNonces | undefined };
  /** Opaque tokens: who introspects them; `undefined` when they are refused. */
  readonly introspection: IntrospectionSettings | undefined;
  /** Security events pushed to the API; `undefined` without `sharedSignals`. */
  readonly sharedSignals: ApiSharedSignals | undefined;
  readonly replayCache: ReplayCache;
  readonly realm: string | undefined;
  readonly clock: Clock;
  /** Sealed on-behalf-of partitions; `undefined` without a `secret` (nothing is obtained then). */
  readonly partitions: Partitions | undefined;
  readonly registry: AccountRegistry;
  /** Where sessions a back-channel logout ended are remembered: never evicted by DPoP traffic. */
  readonly endedSessions: ReplayCache;
  readonly endedSessionSeconds: number;
  readonly logger: Logger;
}

const SHAPE = {
  identityProvider: true,
  identityProviders: true,
  audience: true,
  baseUrl: true,
  clockSkewSeconds: true,
  dpop: { required: true, nonce: true, nonceSecret: true },
  introspection: {
    issuer: true,
    cacheSeconds: true,
    endpoint: true,
    withoutAudience: { clients: true, scope: true },
    subject: true,
  },
  sharedSignals: {
    transmitter: true,
    issuer: true,
    audience: true,
    push: { authorization: true },
    credentialChange: true,
    maxAgeSeconds: true,
    clockSkewSeconds: true,
  },
  replayCache: true,
  secret: true,
  stores: true,
  endedSessionSeconds: true,
  logger: true,
  realm: true,
  clock: true,
} as const;

/** Checks `options`; every mistake throws `invalid_option` naming the option. */
export function resolveApiSettings(options: IdentityWebApiOptions): ApiSettings {
  checkOptionsObject(options, SHAPE, 'createIdentityWebApi');
  const providers = apiProviders(options);
  const base = httpsUrl(options.baseUrl, 'baseUrl', { loopbackHttp: true });
  if (base.pathname !== '/') throw invalidOption('baseUrl', 'must be an origin without a path');
  const clock = optionalClock(options.clock);
  const dpop = optionalObject(options.dpop, 'dpop') ?? {};
  const nonceSecret = optionalString(dpop.nonceSecret, 'dpop.nonceSecret');
  if (nonceSecret !== undefined && nonceSecret.length < 32) {
    throw invalidOption('dpop.nonceSecret', 'must be at least 32 characters');
  }
  const nonce = optionalBoolean(dpop.nonce, 'dpop.nonce', false);
  if (nonceSecret !== undefined && !nonce)
    throw invalidOption('dpop.nonceSecret', 'is used only with "dpop.nonce": true');
  const realm = optionalString(options.realm, 'realm');
  if (realm !== undefined && !/^[\x20-\x7e]+$/.test(realm.replace(/["\\]/g, ''))) {
    throw invalidOption('realm', 'must be printable ASCII');
  }
  const first = providers[0]!;
  const stores = givenStores(options.stores, { issuer: first.issuer, clientId: first.clientId ?? '' }, API_PORTS);
  const ownReplayCache = optionalObjectWith<ReplayCache>(
    options.replayCache,
    'replayCache',
    ['has', 'putIfAbsent'],
    'a ReplayCache',
  );
  const replayCache = ownReplayCache ?? storeOrMemory(stores, 'replayCache', clock);
  const sessionsCache = stores.replayCache ?? ownReplayCache;
  const endedSessions =
    sessionsCache === undefined ? new MemoryReplayCache(clock) : keptApartFromProofs(sessionsCache, clock);
  const logger =
    optionalObjectWith<Logger>(options.logger, 'logger', ['debug', 'info', 'warn', 'error'], 'a Logger') ??
    silentLogger;
  const secrets = secretsOption(options, false);
  return {
    partitions:
      secrets === undefined
        ? undefined
        : new Partitions(
            storeOrMemory(stores, 'tokenCacheStore', clock),
            new RecordCipher(secrets, 'on-behalf-of token cache v1'),
            ON_BEHALF_OF_TTL_SECONDS,
            logger,
          ),
    registry: storeOrMemory(stores, 'accountRegistry', clock),
    endedSessions,
    endedSessionSeconds: optionalNumber(
      options.endedSessionSeconds,
      'endedSessionSeconds',
      DEFAULT_ENDED_SESSION_SECONDS,
      { min: 60, max: 7 * 24 * 3600, integer: true },
    ),
    logger,
    providers,
    audience: requiredString(options.audience, 'audience'),
    origin: base.origin,
    clockSkewSeconds: optionalNumber(options.clockSkewSeconds, 'clockSkewSeconds', DEFAULT_CLOCK_SKEW_SECONDS, {
      min: 0,
      max: 600,
      integer: true,
    }),
    dpop: {
      required: optionalBoolean(dpop.required, 'dpop.required', false),
      nonces: nonce ? new DpopNonces(clock, nonceSecret) : undefined,
    },
    introspection: resolveIntrospection(options, providers),
    sharedSignals: resolveApiSharedSignals(options, providers),
    replayCache,
    realm,
    clock,
  };
}

/** `identityProvider` or `identityProviders`, each able to verify access tokens, issuers distinct. */
function apiProviders(options: IdentityWebApiOptions): readonly AccessTokenProvider[] {
  const { identityProvider, identityProviders } = options;
  if (identityProvider === undefined && identityProviders === undefined) {
    throw invalidOption(
      'identityProvider',
      'is missing: give the provider that issues the access tokens the API accepts (createOidcApiProvider({ issuer, clientId }) from @identity-web/oidc, or createMsalProvider(...) from @identity-web/msal), or several in "identityProviders"',
    );
  }
  if (identityProvider !== undefined && identityProviders !== undefined) {
    throw invalidOption(
      'identityProvider',
      'and "identityProviders" were both given: put every provider in "identityProviders"',
    );
  }
  const option = identityProvider === undefined ? 'identityProviders' : 'identityProvider';
  const list: readonly unknown[] = identityProviders ?? [identityProvider];
  if (!Array.isArray(list) || list.length === 0) throw invalidOption(option, 'must be a non-empty array of providers');
  const issuers = new Set<string>();
  list.forEach((provider, i) => {
    const name = identityProvider === undefined ? `identityProviders[${i}]` : option;
    const candidate = provider as Partial<AccessTokenProvider> | null;
    if (typeof candidate?.issuer !== 'string' || typeof candidate.verifyAccessTokenSignature !== 'function') {
      // A provider without the check is most likely a web app's: say which factory an API takes.
      const unchecked = typeof candidate?.issuer === 'string';
      throw invalidOption(
        name,
        `must be a provider that verifies access tokens (createOidcApiProvider(...) of @identity-web/oidc, createMsalProvider(...) of @identity-web/msal)${unchecked ? ": it has no verifyAccessTokenSignature, as a web app's provider (createOidcProvider(...)) has none" : ''}`,
      );
    }
    if (issuers.has(candidate.issuer))
      throw invalidOption(name, 'has the issuer of another provider: issuers must differ');
    issuers.add(candidate.issuer);
    candidate.checkApiUse?.();
  });
  return list as readonly AccessTokenProvider[];
}
