/** A message to every instance: an account left the cache, or a session ended. */
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

/** Tells every instance to drop in-process copies (hot index, verified-session cache). */
export interface InvalidationBus {
  /** Sends the message to every instance, this one included. */
  publish(message: Invalidation): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: Invalidation) => void): () => void;
}
