// `downstreamApis`: the APIs the app calls with the user's tokens, each a `downstreamApi()` value
// (../downstream-api.ts), which brings callApi's code with it. Nothing here imports that code: what
// a value checked, and the wiring of its calls, are kept here by the value, out of the app's reach.
import type { Account } from '../domain/account.js';
import { invalidArgument, invalidOption } from '../domain/errors.js';
import type { DependencyContainer } from './di.js';

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

/** What `downstreamApi()` checked, and how its calls are wired into an instance. */
export interface CheckedDownstreamApi {
  readonly baseUrl: URL;
  readonly scopes: readonly string[];
  readonly resource?: string;
  /** Registers callApi's use case in the instance's container: what `callApi` runs. */
  readonly wire: (container: DependencyContainer) => DownstreamCalls;
}

/**
 * The values `downstreamApi()` made, with what each checked. Only the values themselves are keys:
 * a copy (`{ ...api, baseUrl }`), an object written by hand or a value of another copy of the
 * package is not one of them, so every URL a token goes to was checked here.
 */
const CHECKED = new WeakMap<object, CheckedDownstreamApi>();

/** Files a value `downstreamApi()` made, with what it checked. */
export function checkedDownstreamApi<T extends object>(value: T, checked: CheckedDownstreamApi): T {
  CHECKED.set(value, checked);
  return value;
}

/** A downstreamApi() call, as the messages show one. */
export const DOWNSTREAM_API_EXAMPLE =
  "downstreamApi({ baseUrl: 'https://orders.example.com/v1', scopes: ['api://orders/read'] })";

/** What to write in place of `given` under `name`: the app's own values, when they are the old plain form. */
function lineToWrite(name: string, given: unknown): string {
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
  if (typeof given === 'function') return `call it: ${key}: downstreamApi({ baseUrl, scopes })`;
  const plain = given as { baseUrl?: unknown; scopes?: unknown; resource?: unknown } | null;
  if (typeof plain?.baseUrl === 'string' && Array.isArray(plain.scopes)) {
    const { baseUrl, scopes, resource } = plain;
    const more = typeof resource === 'string' ? `, resource: ${JSON.stringify(resource)}` : '';
    return `write ${key}: downstreamApi({ baseUrl: ${JSON.stringify(baseUrl)}, scopes: ${JSON.stringify(scopes)}${more} })`;
  }
  return `write ${key}: ${DOWNSTREAM_API_EXAMPLE}`;
}

/**
 * `downstreamApis`, checked: an object of named `downstreamApi()` values. Anything else is refused
 * with the line to write (a plain `{ baseUrl, scopes }` too: only the value brings the calls).
 */
export function resolveDownstreamApis(value: unknown): {
  readonly apis: ReadonlyMap<string, DownstreamApi>;
  readonly wire: CheckedDownstreamApi['wire'] | null;
} {
  const apis = new Map<string, DownstreamApi>();
  if (value === undefined) return { apis, wire: null };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption(
      'downstreamApis',
      `must be an object of named APIs, each made by downstreamApi(), e.g. { orders: ${DOWNSTREAM_API_EXAMPLE} }`,
    );
  }
  let wire: CheckedDownstreamApi['wire'] | null = null;
  for (const [name, api] of Object.entries(value)) {
    const checked = typeof api === 'object' && api !== null ? CHECKED.get(api) : undefined;
    if (checked === undefined) {
      const made = typeof (api as { calledBy?: unknown } | null)?.calledBy === 'string';
      throw invalidOption(
        `downstreamApis.${name}`,
        made
          ? "was not made by this copy of @identity-web/core's downstreamApi() (a copy of a value, or a value of another copy of the package, is not taken): make it with downstreamApi({ baseUrl, scopes }) imported from the package that gives createIdentityWeb"
          : `must be made by downstreamApi() from @identity-web/core: ${lineToWrite(name, api)}`,
      );
    }
    wire ??= checked.wire;
    const { baseUrl, scopes, resource } = checked;
    apis.set(name, { name, baseUrl: new URL(baseUrl), scopes, ...(resource !== undefined && { resource }) });
  }
  return { apis, wire };
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
