/**
 * A message to every instance: an account left the cache, or a session ended.
 *
 * @group Store ports
 */
export type Invalidation =
  | {
      /** An account and its tokens were removed. */
      readonly type: 'account-removed';
      /** The removed account. */
      readonly accountKey: string;
    }
  | {
      /** A session ended. */
      readonly type: 'session-ended';
      /** The ended session. */
      readonly sessionId: string;
    };

/**
 * Tells every instance to drop in-process copies (hot index, verified-session cache).
 *
 * @group Store ports
 */
export interface InvalidationBus {
  /** Sends the message to every instance, this one included. */
  publish(message: Invalidation): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: Invalidation) => void): () => void;
  /**
   * `false` for a bus that reaches only its own process or isolate while the other stores are
   * shared (the Durable Object stores' bus: a Worker isolate cannot be sent a message). The
   * verified-session memo is then off, and `session.memo: true` refused: a sign-out on one
   * instance would leave the session remembered on the others. Absent: `true`.
   */
  readonly reachesEveryInstance?: boolean;
}
