// Values that may come at once or later: a store in this process's memory answers at once, so a
// request it is asked on waits for no promise; one across the network answers with a promise.

/** A value now, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether `value` is a promise, of any library or realm (anything with a `then` method), not
 * only this realm's `Promise`: a store's answer that is one must be waited for, never read as a value.
 */
export function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/** `then(value)` at once when `value` is no promise, else once it settles. */
export function whenSettled<T, U>(value: T | PromiseLike<T>, then: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isThenable(value) ? Promise.resolve(value).then(then) : then(value);
}

/**
 * Whether any of `answers` is truthy: at once when none is a promise, else once all settle (a
 * rejected one rejects it). Truthy, not `true` only: a store that answers `1` or `'yes'` for a
 * key it holds has it found (its token refused); a falsy answer (`undefined`, `0`) is none.
 */
export function anyTruthy(answers: readonly MaybePromise<unknown>[]): MaybePromise<boolean> {
  if (!answers.some(isThenable)) return answers.some(Boolean);
  return Promise.all(answers).then((settled) => settled.some(Boolean));
}
