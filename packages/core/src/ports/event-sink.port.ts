// The EventSink port: where use cases report the moments an app can hook.
import type { EventName, IdentityWebEvents } from '../domain/events.js';

export type { EventName, IdentityWebEvents, RemovalReason } from '../domain/events.js';

/** Where use cases report the moments an app can hook; implemented by the instance's event hub. */
export interface EventSink {
  emit<E extends EventName>(name: E, payload: IdentityWebEvents[E]): Promise<void>;
  /** Whether anything listens, so a hot path can skip building an event nobody reads. */
  listens(name: EventName): boolean;
}
