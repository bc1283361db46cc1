// The event hub behind `identity.on`: runs the app's handlers in order, and logs and skips one that throws.
import type { EventHandler, EventName, IdentityWebEvents } from '../domain/events.js';
import type { EventSink } from '../ports/event-sink.port.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * App hooks. Handlers run in order; one that throws is logged and skipped, because the work
 * an event reports (an account removal, say) has already happened and must not be undone.
 */
export class EventHub implements EventSink {
  private readonly handlers = new Map<EventName, Set<EventHandler<never>>>();

  constructor(private readonly logger: Logger) {}

  on<E extends EventName>(name: E, handler: EventHandler<E>): () => void {
    const set = this.handlers.get(name) ?? new Set<EventHandler<never>>();
    this.handlers.set(name, set);
    set.add(handler as EventHandler<never>);
    return () => set.delete(handler as EventHandler<never>);
  }

  listens(name: EventName): boolean {
    return (this.handlers.get(name)?.size ?? 0) > 0;
  }

  async emit<E extends EventName>(name: E, payload: IdentityWebEvents[E]): Promise<void> {
    const set = this.handlers.get(name);
    if (!set) return;
    for (const handler of set) {
      try {
        await (handler as EventHandler<E>)(payload);
      } catch (error) {
        this.logger.error({ event: name, error: String(error) }, 'identity-web event handler failed');
      }
    }
  }
}
