import { type Clock, invalidOption, systemClock } from '@identity-web/core/provider';

// Small checks for `settings.ts`. Each failure is the core's `invalid_option` error, whose
// `option` field names the option, so callers branch on fields instead of parsing messages.

export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOption(name, 'must be a boolean');
  return value;
}

export function optionalNumber(value: unknown, name: string, fallback: number, min: number, integer = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw invalidOption(name, `must be a${integer ? 'n integer' : ' finite number'} >= ${min}`);
  }
  return value;
}

export function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(name, 'must be a non-empty string');
  return value;
}

export function optionalFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(name, 'must be a function');
  return value;
}

export function optionalObject<T extends object>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw invalidOption(name, 'must be an object');
  }
  return value;
}

/** A `Clock` is anything with a `now()` returning epoch milliseconds. */
export function optionalClock(value: unknown, name = 'clock'): Clock {
  if (value === undefined) return systemClock;
  if (typeof value !== 'object' || value === null || typeof (value as Clock).now !== 'function') {
    throw invalidOption(name, 'must be an object with a now() method returning epoch milliseconds');
  }
  return value as Clock;
}
