// Runs before every test file. The suite shares one module graph per worker (`isolate: false` in
// vitest.config.ts), so a global that one file's code replaces would reach the next file:
// @hono/node-server, for one, installs its own `Request` and `Response` on `globalThis`, and MSW's
// network errors are then no longer recognized. Each file starts with the web globals the worker
// started with.

const KEY = Symbol.for('identity-web.tests.pristine-globals');
const NAMES = ['Request', 'Response', 'Headers', 'fetch', 'FormData', 'Blob', 'File'] as const;

type Pristine = Record<(typeof NAMES)[number], PropertyDescriptor | undefined>;
const store = globalThis as unknown as Record<symbol, Pristine | undefined>;
// The first file of a worker runs before any test code: what it sees is what the worker started with.
store[KEY] ??= Object.fromEntries(
  NAMES.map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)]),
) as Pristine;
const pristine = store[KEY];

for (const name of NAMES) {
  const descriptor = pristine[name];
  if (descriptor && Object.getOwnPropertyDescriptor(globalThis, name)?.value !== descriptor.value) {
    Object.defineProperty(globalThis, name, descriptor);
  }
}
