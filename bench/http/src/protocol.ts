// Messages between the parent (load generator) and a variant's server process, over Node's IPC channel.
import type { FailedMessage } from '@identity-web-examples/example-support';

/** A child is listening, signed in and warm. */
export interface ReadyMessage {
  readonly type: 'ready';
  /** The benchmarked URL, on 127.0.0.1. */
  readonly url: string;
  /** Headers every request sends (the session cookie of the signed-in user). */
  readonly headers: Readonly<Record<string, string>>;
  /** When set, requests cycle the user header through this many users (the msal baseline). */
  readonly users?: number;
  /** What the child did to get ready, for the log. */
  readonly note: string;
}

/** Token requests that reached the identity provider (or the network) so far: must not grow under load. */
export interface StatsMessage {
  readonly type: 'stats';
  readonly idpTokenRequests: number;
  /** The server process's CPU time so far (user + system), in microseconds. */
  readonly cpuMicros: number;
}

export type ChildMessage = ReadyMessage | StatsMessage | FailedMessage;

export interface StatsRequest {
  readonly type: 'stats';
}

export function isChildMessage(value: unknown): value is ChildMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'stats' || type === 'failed';
}
