// A server forked with an IPC channel, as the benchmarks start theirs: its next message, and its end.
import type { ChildProcess } from 'node:child_process';

/** What a child sends when it could not start; any message of this type rejects {@link nextMessage}. */
export interface FailedMessage {
  readonly type: 'failed';
  readonly message: string;
}

/**
 * The child's next message of `type`. A `failed` message, the child's exit or `timeoutMs`
 * without it reject with `fail(what happened)`, whatever else the child sends meanwhile is
 * passed over. `isMessage` says which messages are the child's protocol at all.
 */
export function nextMessage<M extends { readonly type: string }, T extends M['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  fail: (what: string) => Error,
  isMessage: (message: unknown) => message is M | FailedMessage,
): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const failWith = (what: string) => {
      cleanup();
      reject(fail(what));
    };
    const onMessage = (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.type === 'failed') return failWith(`failed to start: ${(message as FailedMessage).message}`);
      if (message.type !== type) return;
      cleanup();
      resolve(message as Extract<M, { type: T }>);
    };
    const onExit = (code: number | null, signal: string | null) =>
      failWith(`the server process exited (${signal ?? `code ${code}`}) before "${type}"`);
    const timer = setTimeout(() => failWith(`no "${type}" within ${timeoutMs / 1000} s`), timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Ends the child and waits for it: closing the IPC channel lets it leave by itself (with
 * `process.exit`, so a CPU profile is written); SIGTERM follows after 5 s if it does not, and
 * SIGKILL after 10 s if that is ignored too.
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  const term = setTimeout(() => child.kill('SIGTERM'), 5_000);
  const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(term);
  clearTimeout(kill);
}
