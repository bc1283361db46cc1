import { type Clock, invalidOption, systemClock } from '@identity-web/core/provider';

// Small checks for `settings.ts`. Each failure is the core's `invalid_option` error, whose
// `option` field names the option, so callers branch on fields instead of parsing messages.

export function assertNonEmptyString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(name, 'must be a non-empty string');
}

export function assertOptionalString(value: unknown, name: string): asserts value is string | undefined {
  if (value !== undefined) assertNonEmptyString(value, name);
}

export function assertOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') throw invalidOption(name, 'must be a function');
}

export function assertOptionalBoolean(value: unknown, name: string): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw invalidOption(name, 'must be a boolean');
}

export function assertOptionalNumber(
  value: unknown,
  name: string,
  { min, max }: { min: number; max: number },
): asserts value is number | undefined {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalidOption(name, `must be a number from ${min} to ${max}`);
  }
}

export function assertOptionalStringArray(
  value: unknown,
  name: string,
): asserts value is readonly string[] | undefined {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw invalidOption(name, 'must be an array of non-empty strings');
  }
}

/** An https URL without credentials, query or fragment. */
export function assertHttpsUrl(value: unknown, name: string): asserts value is string {
  assertNonEmptyString(value, name);
  const url = URL.canParse(value) ? new URL(value) : null;
  if (url === null) throw invalidOption(name, 'must be an absolute URL');
  if (url.protocol !== 'https:') throw invalidOption(name, 'must use https');
  if (url.username || url.password) throw invalidOption(name, 'must not contain credentials');
  if (url.search || url.hash) throw invalidOption(name, 'must not have a query or fragment');
}

/** JSON text or a plain object, returned as both (msal wants the text; we read fields). */
export function jsonOption(
  value: unknown,
  name: string,
): { readonly text: string; readonly object: Readonly<Record<string, unknown>> } | undefined {
  if (value === undefined) return undefined;
  let object: unknown = value;
  if (typeof value === 'string') {
    try {
      object = JSON.parse(value);
    } catch {
      throw invalidOption(name, 'must be JSON text or an object');
    }
  }
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw invalidOption(name, 'must be a JSON object');
  }
  return {
    text: typeof value === 'string' ? value : JSON.stringify(object),
    object: object as Record<string, unknown>,
  };
}

/** A `Clock` is anything with a `now()` returning epoch milliseconds. */
export function optionalClock(value: unknown, name = 'clock'): Clock {
  if (value === undefined) return systemClock;
  if (typeof value !== 'object' || value === null || typeof (value as Clock).now !== 'function') {
    throw invalidOption(name, 'must be an object with a now() method returning epoch milliseconds');
  }
  return value as Clock;
}
