// What the Durable Object stores share: the object of each (role, key), their errors and their TTL checks.
import { ErrorCode, IdentityWebError } from '@identity-web/core/store';
import type { StateNamespace, StateStub } from '../state-rpc.js';

/** The roles an `IdentityWebDurableObject` instance plays; each key of each role is its own object. */
export type ObjectRole = 'session' | 'partition' | 'replay' | 'lease' | 'account' | 'sid' | 'sub' | 'email';

/** Finds the object of a (role, key): one Durable Object per key, named from the prefix, role and key. */
export class StateObjects {
  constructor(
    private readonly namespace: StateNamespace,
    private readonly prefix: string,
  ) {}

  // A JSON array keeps any two (prefix, role, key) apart, whatever characters they hold.
  name(role: ObjectRole, ...key: string[]): string {
    return JSON.stringify([this.prefix, role, ...key]);
  }

  named(name: string): StateStub {
    return this.namespace.getByName(name);
  }

  of(role: ObjectRole, ...key: string[]): StateStub {
    return this.named(this.name(role, ...key));
  }
}

/**
 * SHA-256 (Web Crypto), base64url: a fixed 43-character name for a value of any length and any
 * characters, as `@identity-web/redis` names its keys for values that come from outside.
 */
export async function digest(value: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  let binary = '';
  for (const byte of hash) binary += String.fromCharCode(byte);
  // 32 bytes are 43 base64 characters and one `=` of padding, which base64url leaves out.
  return btoa(binary).slice(0, 43).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Runs one call into Durable Objects. Any failure (object overloaded, reset, unreachable) becomes
 * `store_unavailable` (503), so the core reports nothing as done that did not happen.
 */
export async function attempt<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw new IdentityWebError(ErrorCode.StoreUnavailable, `identity-web: Durable Object ${operation} failed`, {
      cause: error,
    });
  }
}

/** A TTL the core passed, in milliseconds; a store never writes a record that would never expire. */
export function ttlMs(seconds: number, argument = 'ttlSeconds'): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    throw new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: "${argument}" must be a positive number`, {
      option: argument,
    });
  }
  return seconds * 1000;
}
