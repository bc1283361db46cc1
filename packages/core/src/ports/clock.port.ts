// The Clock port: where every time decision of identity-web reads the time, the runtime's clock,
// and the check of a `clock` option.
import { optionalObjectWith } from '../domain/option-checks.js';

/**
 * Injected so tests control time.
 *
 * @group Setup
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/**
 * The clock of the runtime (`Date.now()`).
 *
 * @group Setup
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * A `clock` option: anything with a `now()` returning epoch milliseconds; {@link systemClock} when left out.
 *
 * @group Setup
 */
export function optionalClock(value: unknown, option = 'clock'): Clock {
  return optionalObjectWith<Clock>(value, option, ['now'], 'returning epoch milliseconds') ?? systemClock;
}
