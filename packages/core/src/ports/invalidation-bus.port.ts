export type Invalidation =
  | { readonly type: 'account-removed'; readonly accountKey: string }
  | { readonly type: 'session-ended'; readonly sessionId: string };

/** Tells every instance to drop in-process copies (hot index, verified-session cache). */
export interface InvalidationBus {
  publish(message: Invalidation): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (message: Invalidation) => void): () => void;
}
