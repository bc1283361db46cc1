// The timer behind Shared Signals poll delivery: one round at a time, every `poll.intervalSeconds`.
import type { Settings } from '../config/settings.js';
import type { Logger } from '../ports/logger.port.js';

/**
 * The poll timer of `sharedSignals.delivery: 'poll'`: a round every `poll.intervalSeconds`, the
 * next one scheduled when the last ended (never two at once here; the lease keeps other instances
 * out). It does not keep a Node process alive. Where timers outside a request are not allowed (a
 * Worker's global scope) it says so once and leaves polling to `identity.pollSecurityEvents()`.
 */
export function startPolling(settings: Settings, round: () => Promise<unknown>, logger: Logger): () => void {
  const signals = settings.sharedSignals;
  if (signals?.delivery !== 'poll' || signals.pollIntervalMs === 0) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = (): void => {
    if (stopped) return;
    try {
      timer = setTimeout(() => {
        round()
          .catch((error: unknown) => {
            const code = (error as { code?: unknown } | null)?.code;
            logger.warn(
              { event: 'security_event_poll_failed', code: String(code ?? 'unknown') },
              'identity-web: polling the Shared Signals transmitter failed; the next round tries again',
            );
          })
          .finally(schedule);
      }, signals.pollIntervalMs);
      (timer as { unref?: () => void }).unref?.();
    } catch {
      logger.warn(
        { event: 'security_event_poll_timer' },
        'identity-web: no poll timer can run here: set sharedSignals.poll.intervalSeconds to 0 and call identity.pollSecurityEvents() from a scheduled handler',
      );
    }
  };
  schedule();
  return () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
  };
}
