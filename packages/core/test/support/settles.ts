/**
 * `work`'s outcome, or a `hung` error when it has not settled within 2 s: for calls that settle in
 * milliseconds unless they wait on something that never comes (a tee branch nobody reads).
 */
export async function settles<T>(work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('hung: the call never settled')), 2000);
  });
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}
