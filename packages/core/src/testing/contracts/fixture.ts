/** What a contract suite gets per test: a fresh store and a way to let time pass. */
export interface StoreFixture<S> {
  /** The store under test, fresh for this test. */
  store: S;
  /** Moves time forward (a manual clock, or a real wait for stores with server-side TTLs). */
  advance(ms: number): Promise<void>;
  /** Releases the store (connections, servers). */
  close?(): Promise<void>;
}

/** Builds a fresh fixture per test. */
export type StoreFactory<S> = () => Promise<StoreFixture<S>>;

export async function using<S>(factory: StoreFactory<S>, body: (f: StoreFixture<S>) => Promise<void>): Promise<void> {
  const fixture = await factory();
  try {
    await body(fixture);
  } finally {
    await fixture.close?.();
  }
}
