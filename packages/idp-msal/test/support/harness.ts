import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export * from './harness-core.js';

/** MSW server for one test file; unhandled requests fail the test (nothing reaches the internet). */
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
