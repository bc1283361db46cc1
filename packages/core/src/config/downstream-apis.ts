// `downstreamApis`: the APIs the app calls with the user's tokens, each a `downstreamApi()` value
// (../downstream-api.ts), which brings callApi's code with it. Nothing here imports that code.
import type { Account } from '../domain/account.js';
import { invalidArgument, invalidOption } from '../domain/errors.js';
import type { DependencyContainer } from './di.js';
import type { DownstreamApi as DownstreamApiValue } from './downstream-api-options.js';

/** A downstream API after validation, under its name. */
export interface DownstreamApi {
  readonly name: string;
  readonly baseUrl: URL;
  readonly scopes: readonly string[];
  readonly resource?: string;
}

/** What `auth.callApi` and `identity.callApi` run: the call itself, or the answer that no API is configured. */
export interface DownstreamCalls {
  execute(account: Account, name: string, path: string, init?: RequestInit): Promise<Response>;
}

/** A `downstreamApi()` value as the core reads it: its checked options under a name, and its calls' wiring. */
export interface DownstreamApiWiring extends DownstreamApiValue {
  /** The API as the settings hold it, under the name the app gave it (checked when it was made). */
  named(name: string): DownstreamApi;
  /** Registers callApi's use case in the instance's container: what `callApi` runs. */
  wire(container: DependencyContainer): DownstreamCalls;
}

const WRITE =
  "downstreamApi({ baseUrl, scopes }) from @identity-web/core, e.g. { orders: downstreamApi({ baseUrl: 'https://orders.example.com/v1', scopes: ['api://orders/read'] }) }";

/**
 * `downstreamApis`, checked: an object of named `downstreamApi()` values. A plain
 * `{ baseUrl, scopes }` is refused with the line to write, since only the value brings the calls.
 */
export function resolveDownstreamApis(value: unknown): {
  readonly apis: ReadonlyMap<string, DownstreamApi>;
  readonly wiring: DownstreamApiWiring | null;
} {
  const apis = new Map<string, DownstreamApi>();
  if (value === undefined) return { apis, wiring: null };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption('downstreamApis', `must be an object of named APIs, each ${WRITE}`);
  }
  let wiring: DownstreamApiWiring | null = null;
  for (const [name, api] of Object.entries(value)) {
    const given = api as Partial<Record<'named' | 'wire', unknown>> | null;
    if (typeof given?.named !== 'function' || typeof given.wire !== 'function') {
      throw invalidOption(`downstreamApis.${name}`, `must be ${WRITE}`);
    }
    wiring ??= api as DownstreamApiWiring;
    apis.set(name, (api as DownstreamApiWiring).named(name));
  }
  return { apis, wiring };
}

/** `callApi` in an app whose `downstreamApis` names no API. */
export const NO_DOWNSTREAM_APIS: DownstreamCalls = {
  execute: (_account, name) =>
    Promise.reject(
      invalidArgument(
        'name',
        `callApi: no downstream API named ${JSON.stringify(name)} (the downstreamApis option names none: add ${JSON.stringify(String(name))}: downstreamApi({ baseUrl, scopes }))`,
      ),
    ),
};

/** The distinct resource indicators of the downstream APIs, in configuration order. */
export function resourcesOf(apis: ReadonlyMap<string, DownstreamApi>): string[] {
  return [...new Set([...apis.values()].flatMap((api) => (api.resource === undefined ? [] : [api.resource])))];
}
