// createIdentityWebApi's options checked once, at creation, with their defaults.
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
} from '../../domain/option-checks.js';
import { type Clock, optionalClock } from '../../ports/clock.port.js';
import type { ReplayCache } from '../../ports/replay-cache.port.js';
import { MemoryReplayCache } from '../../stores/memory-replay-cache.js';
import { DpopNonces } from '../dpop/dpop-nonces.js';
import type { AccessTokenProvider, IdentityWebApiOptions } from './api-options.js';

/** The options of an API, checked, with their defaults. */
export interface ApiSettings {
  readonly providers: readonly AccessTokenProvider[];
  readonly audience: string;
  /** `https://api.example.com`, no trailing slash. */
  readonly origin: string;
  readonly clockSkewSeconds: number;
  readonly dpop: { readonly required: boolean; readonly nonces: DpopNonces | undefined };
  readonly replayCache: ReplayCache;
  readonly realm: string | undefined;
  readonly clock: Clock;
}

const SHAPE = {
  identityProvider: true,
  identityProviders: true,
  audience: true,
  baseUrl: true,
  clockSkewSeconds: true,
  dpop: { required: true, nonce: true, nonceSecret: true },
  replayCache: true,
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
  const replayCache =
    optionalObjectWith<ReplayCache>(options.replayCache, 'replayCache', ['has', 'putIfAbsent'], 'a ReplayCache') ??
    new MemoryReplayCache(clock);
  return {
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
    replayCache,
    realm,
    clock,
  };
}

/** `identityProvider` or `identityProviders`, each able to verify access tokens, issuers distinct. */
function apiProviders(options: IdentityWebApiOptions): readonly AccessTokenProvider[] {
  const { identityProvider, identityProviders } = options;
  if ((identityProvider === undefined) === (identityProviders === undefined)) {
    throw invalidOption('identityProvider', 'or "identityProviders" must be set, not both');
  }
  const option = identityProvider === undefined ? 'identityProviders' : 'identityProvider';
  const list: readonly unknown[] = identityProviders ?? [identityProvider];
  if (!Array.isArray(list) || list.length === 0) throw invalidOption(option, 'must be a non-empty array of providers');
  const issuers = new Set<string>();
  list.forEach((provider, i) => {
    const name = identityProvider === undefined ? `identityProviders[${i}]` : option;
    const candidate = provider as Partial<AccessTokenProvider> | null;
    if (typeof candidate?.issuer !== 'string' || typeof candidate.verifyAccessTokenSignature !== 'function') {
      throw invalidOption(
        name,
        'must be a provider that verifies access tokens (createOidcProvider(...) of @identity-web/oidc)',
      );
    }
    if (issuers.has(candidate.issuer))
      throw invalidOption(name, 'has the issuer of another provider: issuers must differ');
    issuers.add(candidate.issuer);
  });
  return list as readonly AccessTokenProvider[];
}
