// An invalidation as a store package carries it between instances (Redis pub/sub, PostgreSQL
// NOTIFY, ...): JSON of the port's fields and nothing else, in both directions.
import type { Invalidation } from '../ports/invalidation-bus.port.js';

function encode(message: Invalidation): string {
  return JSON.stringify(
    message.type === 'account-removed'
      ? { type: message.type, accountKey: message.accountKey }
      : { type: message.type, sessionId: message.sessionId },
  );
}

function decode(raw: string): Invalidation | null {
  let m: unknown = null;
  try {
    m = JSON.parse(raw);
  } catch {}
  // Own fields only, into an object without a prototype: a field another module put on
  // Object.prototype never completes a message (a primitive, null or an array has none of them).
  const { type, accountKey, sessionId } = Object.assign(Object.create(null), m) as Record<string, unknown>;
  if (type === 'account-removed' && typeof accountKey === 'string') return { type, accountKey };
  if (type === 'session-ended' && typeof sessionId === 'string') return { type, sessionId };
  return null;
}

/**
 * The wire form of the invalidation bus's messages, for store packages. `encode` writes only the
 * port's fields (whatever else an object carries stays in the process); `decode` gives back an
 * {@link Invalidation} or `null` for anything else (not JSON, another type, a field of the wrong
 * type): a message another version or another program published is dropped, never half-read.
 *
 * @example
 * ```ts
 * await redis.publish(channel, invalidationWire.encode(message));
 * subscriber.subscribe(channel, (raw) => {
 *   const message = invalidationWire.decode(raw);
 *   if (message !== null) for (const listener of listeners) listener(message);
 * });
 * ```
 *
 * @group Stores
 */
export const invalidationWire: {
  /** The message as JSON of the port's fields alone. */
  readonly encode: (message: Invalidation) => string;
  /** The message `raw` carries, or `null` for anything that is not one. */
  readonly decode: (raw: string) => Invalidation | null;
} = { encode, decode };
