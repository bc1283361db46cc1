/**
 * Logs the first server-side error of a variant with its stack and only counts the rest: a
 * broken route fails every request, and the parent already fails the run on any non-2xx.
 */
export function firstErrorLogger(variant: string): (error: unknown) => void {
  let count = 0;
  return (error) => {
    count++;
    if (count === 1) console.error(`[${variant}] first server error (the run will fail):`, error);
  };
}

/** A setup step that did not answer as it must: the child reports it and exits non-zero. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export async function expectStatus(response: Response, status: number, step: string): Promise<void> {
  if (response.status === status) return;
  const body = (await response.text()).slice(0, 300);
  throw new SetupError(`${step}: expected HTTP ${status}, got ${response.status} ${body}`);
}
