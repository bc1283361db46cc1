/** Injected so tests control time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The clock of the runtime (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };
