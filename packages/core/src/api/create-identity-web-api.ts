// createIdentityWebApi: an API that accepts the access tokens of its providers, for the adapters' `protectApi`.
import type { AccessToken } from '@identity-web/core';
import type { HttpRequest, HttpResult } from '@identity-web/core/adapter';
import { rememberContainer, container as rootContainer } from '../config/di.js';
import { DI_KEYS } from '../config/di-keys.js';
import { invalidOption } from '../domain/errors.js';
import { whenSettled } from '../domain/maybe-promise.js';
import { optionalFunction, optionalNumber, optionalObject, optionalStringList } from '../domain/option-checks.js';
import { refuseUnknownOptions } from '../domain/option-keys.js';
import { frozenNames, requiredNamesProblem } from '../domain/required-names.js';
import type { IdentityWebApiOptions } from './config/api-options.js';
import { resolveApiSettings } from './config/api-settings.js';
import type { ApiCaller } from './domain/api-caller.js';
import type { ApiRequirement } from './domain/api-requirement.js';
import { refusalAnswer } from './http/api-answer.js';
import { AcquireTokenOnBehalfOf, type OnBehalfOfRequest } from './use-cases/acquire-token-on-behalf-of.js';
import { ApiBackChannelLogout } from './use-cases/api-back-channel-logout.js';
import { ApiSecurityEvent } from './use-cases/api-security-event.js';
import { type ApiOutcome, AuthorizeApiRequest } from './use-cases/authorize-api-request.js';

/**
 * What a protected route's check decided: the caller, or the answer that refuses the request.
 *
 * @group Protected API
 */
export type ApiVerdict =
  | {
      /** Who calls: the token held and the requirement passed. */
      readonly caller: ApiCaller;
      /** Headers for the route's answer (the current `DPoP-Nonce`). */
      readonly headers: Readonly<Record<string, string>>;
    }
  | {
      /** No caller: the request is refused. */
      readonly caller: null;
      /** The refusal to write back as it is: status, `WWW-Authenticate`, JSON body. */
      readonly answer: HttpResult;
    };

/**
 * A protected API: made once by `createIdentityWebApi`, used by each adapter's `protectApi`.
 *
 * @group Protected API
 */
export interface IdentityWebApi {
  /** The API's public origin (`baseUrl`), which request URLs are read on. */
  readonly origin: string;
  /**
   * The check of one route: `requirement` is validated here, once (a mistake throws
   * `invalid_option`), and the returned function checks each request against it: at once, with
   * no promise, for a token it verified before, checked against stores that answer at once (the
   * in-memory defaults); else with a promise.
   */
  guard(requirement?: ApiRequirement): (request: HttpRequest) => ApiVerdict | Promise<ApiVerdict>;
  /**
   * A token for a further API on behalf of the user who called this one: the caller's token
   * exchanged (RFC 8693 token exchange with `@identity-web/oidc`, Entra's on-behalf-of flow with
   * `@identity-web/msal`), cached per (user, caller's token, scopes) in `stores.tokenCacheStore`
   * sealed with `secret`, exchanged again when due. Every sign-out that reaches the API removes
   * the user's (`backChannelLogout`). Throws `InteractionRequiredError` when the user must consent
   * or authenticate again, `invalid_option` without a `secret`.
   * @param caller - the route's caller, as `protectApi` gave it (`ctx.state.api`, `req.api`, `c.var.api`)
   */
  acquireTokenOnBehalfOf(caller: ApiCaller, request: OnBehalfOfRequest): Promise<AccessToken>;
  /**
   * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0): register
   * its URL at the provider, and mount it with the adapter's `apiBackChannelLogout(api)`. A logout
   * removes the tokens the API obtained on behalf of the user, and refuses from then on every
   * access token of the ended session (by `sid`). Answers 200, 400 for a bad or replayed logout
   * token, 503 with `Retry-After` when a store or the provider's keys cannot be reached.
   */
  backChannelLogout(request: HttpRequest): Promise<HttpResult>;
  /**
   * The API's Shared Signals push endpoint (RFC 8935), for the adapter's `apiSecurityEvents(api)`:
   * a CAEP or RISC event about a user ends their session and removes the tokens the API obtained
   * on their behalf. Answers 202, 400 with `{ err, description }`, 401 for a wrong `Authorization`,
   * 503 with `Retry-After`. Throws `invalid_option` when called without the `sharedSignals` option,
   * so a route mounted without it fails at start.
   */
  securityEvents(): (request: HttpRequest) => Promise<HttpResult>;
}

/** The API's use cases, each a singleton of its instance's container. */
const API_USE_CASES = [AuthorizeApiRequest, AcquireTokenOnBehalfOf, ApiBackChannelLogout, ApiSecurityEvent] as const;

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

const REQUIREMENT = { scopes: true, roles: true, claim: true, acrValues: true, maxAgeSeconds: true } as const;

function checkRequirement(requirement: ApiRequirement | undefined): ApiRequirement {
  if (requirement === undefined) return {};
  optionalObject(requirement, 'requirement');
  refuseUnknownOptions(requirement, REQUIREMENT, 'protectApi');
  for (const names of ['scopes', 'roles'] as const) {
    const problem = requiredNamesProblem(requirement[names]);
    if (problem !== undefined) throw invalidOption(names, problem);
  }
  if (optionalStringList(requirement.acrValues, 'acrValues')?.length === 0) {
    throw invalidOption('acrValues', 'must not be empty');
  }
  optionalFunction(requirement.claim, 'claim');
  if (requirement.maxAgeSeconds !== undefined) {
    optionalNumber(requirement.maxAgeSeconds, 'maxAgeSeconds', 0, { min: 0, integer: true });
  }
  // Kept as checked: a list the caller changes later changes nothing here.
  const { scopes, roles } = requirement;
  return Object.freeze({
    ...requirement,
    ...(scopes !== undefined && { scopes: frozenNames(scopes) }),
    ...(roles !== undefined && { roles: frozenNames(roles) }),
  });
}

/**
 * Creates a protected API: each adapter's `protectApi(api, requirement)` lets on only requests
 * with a valid access token of the API's providers (RFC 9068 JWTs, or opaque tokens the provider
 * vouches for by introspection, RFC 7662; as `Bearer` or DPoP-bound with a proof) that meets the route's requirement, and answers every other one as RFC 6750 and RFC
 * 9449 say: 401 with a challenge, 403 `insufficient_scope`, 401 `insufficient_user_authentication`
 * (RFC 9470), 400 for a malformed header, 503 with `Retry-After` when the issuer's keys cannot be
 * had. Options are checked here, once: a mistake throws `invalid_option` naming the option.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 * });
 * ```
 *
 * @group Protected API
 */
export function createIdentityWebApi(options: IdentityWebApiOptions): IdentityWebApi {
  const settings = resolveApiSettings(options);
  // Wired as a web app's instance is: the settings in a child container, the use cases resolved from it.
  const c = rootContainer.createChildContainer();
  c.register(DI_KEYS.ApiSettings, { useValue: settings });
  for (const useCase of API_USE_CASES) c.registerSingleton(useCase as never);
  const authorize = c.resolve(AuthorizeApiRequest);
  const onBehalfOf = c.resolve(AcquireTokenOnBehalfOf);
  const backChannelLogout = c.resolve(ApiBackChannelLogout);
  const { nonces } = settings.dpop;
  const api: IdentityWebApi = Object.freeze({
    origin: settings.origin,
    acquireTokenOnBehalfOf: (caller: ApiCaller, request: OnBehalfOfRequest) => onBehalfOf.execute(caller, request),
    backChannelLogout: (request: HttpRequest) => backChannelLogout.execute(request),
    securityEvents() {
      // Throws invalid_option without the `sharedSignals` option, when the route is mounted.
      const events = c.resolve(ApiSecurityEvent);
      return (request: HttpRequest) => events.execute(request);
    },
    guard(requirement?: ApiRequirement) {
      const checked = checkRequirement(requirement);
      const verdict = (outcome: ApiOutcome, headers: Readonly<Record<string, string>>): ApiVerdict =>
        'caller' in outcome
          ? { caller: outcome.caller, headers }
          : { caller: null, answer: refusalAnswer(outcome.refusal, outcome.schemes, settings.realm, headers) };
      return (request: HttpRequest): ApiVerdict | Promise<ApiVerdict> => {
        try {
          const outcome = authorize.execute(request, checked);
          if (nonces === undefined) return whenSettled(outcome, (settled) => verdict(settled, NO_HEADERS));
          // The API's current nonce goes with every answer (RFC 9449 §8.2), asked beside the check.
          return Promise.all([outcome, nonces.current()]).then(([settled, nonce]) =>
            verdict(settled, { 'dpop-nonce': nonce }),
          );
        } catch (error) {
          return Promise.reject(error);
        }
      };
    },
  });
  rememberContainer(api, c);
  return api;
}
