// The Clock port: where every time decision of identity-web reads the time, the runtime's clock,
// and the check of a `clock` option.
import { optionalObjectWith } from '../domain/option-checks.js';

/** Injected so tests control time. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The clock of the runtime (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/** A `clock` option: anything with a `now()` returning epoch milliseconds; {@link systemClock} when left out. */
export function optionalClock(value: unknown, option = 'clock'): Clock {
  return optionalObjectWith<Clock>(value, option, ['now'], 'returning epoch milliseconds') ?? systemClock;
}
