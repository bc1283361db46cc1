// The Redis invalidation bus: one pub/sub subscription per bus, fanned out to this process's listeners.
import { type Invalidation, type InvalidationBus, invalidationWire } from '@identity-web/core/store';
import type { Keys } from './keys.js';
import { type Link, pause, reconnectDelay } from './link.js';
import type { ErrorLogger } from './options.js';
import type { RedisRunner } from './redis-runner.js';

/**
 * One Redis subscription per bus on a dedicated connection, fanned out to the in-process
 * listeners. Every instance hears every message, its own included.
 */
export class RedisInvalidationBus implements InvalidationBus {
  private readonly listeners = new Set<(message: Invalidation) => void>();
  /** Subscribe and unsubscribe calls to Redis, one after the other. */
  private changes: Promise<void> = Promise.resolve();
  private readonly stopped = new AbortController();

  constructor(
    private readonly redis: RedisRunner,
    private readonly link: Link,
    private readonly keys: Keys,
    private readonly retryDelayMs: number,
    private readonly logger: ErrorLogger,
  ) {}

  /** Read when first used: the stores learn their app's namespace after they were created. */
  private get channel(): string {
    return this.keys.channel;
  }

  async publish(message: Invalidation): Promise<void> {
    const payload = invalidationWire.encode(message);
    await this.redis.run('publish', async (redis) => {
      // A subscription still being set up would miss this message on this very instance.
      await this.changes;
      await redis.command(this.channel, this.link.publishCommand, this.channel, payload);
    });
  }

  subscribe(listener: (message: Invalidation) => void): () => void {
    const wrapped = (message: Invalidation) => listener(message);
    this.listeners.add(wrapped);
    if (this.listeners.size === 1) this.change(() => this.subscribeUntilDone());
    return () => {
      if (!this.listeners.delete(wrapped) || this.listeners.size > 0) return;
      this.change(() => this.link.unsubscribe(this.channel, this.deliver));
    };
  }

  /**
   * Stops retrying and takes this bus's listener off the connection, within `timeoutMs`: an app's
   * own cluster stays open after the stores close, and must not keep delivering to them.
   */
  async close(timeoutMs: number): Promise<void> {
    this.stopped.abort();
    if (this.listeners.size === 0) return;
    this.listeners.clear();
    this.change(() => this.link.unsubscribe(this.channel, this.deliver));
    const settled = new AbortController();
    await Promise.race([this.changes.finally(() => settled.abort()), pause(timeoutMs, settled.signal)]);
    settled.abort();
  }

  private readonly deliver = (raw: string): void => {
    const message = invalidationWire.decode(raw);
    if (message === null) {
      this.logger.error({ channel: this.channel }, 'identity-web redis: ignored a malformed invalidation message');
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.logger.error({ error: String(error) }, 'identity-web redis: an invalidation listener threw');
      }
    }
  };

  private change(step: () => Promise<void>): void {
    this.changes = this.changes.then(step).catch((error: unknown) => {
      this.logger.error({ error: String(error) }, 'identity-web redis: unsubscribing failed');
    });
  }

  /** node-redis resubscribes after a reconnect by itself; only a first subscribe that failed is retried here. */
  private async subscribeUntilDone(): Promise<void> {
    for (let attempt = 0; this.listeners.size > 0 && !this.stopped.signal.aborted; attempt++) {
      try {
        await this.link.subscribe(this.channel, this.deliver);
        return;
      } catch (error) {
        this.logger.error({ error: String(error) }, 'identity-web redis: subscribing failed, retrying');
        await pause(reconnectDelay(attempt, this.retryDelayMs), this.stopped.signal);
      }
    }
  }
}
