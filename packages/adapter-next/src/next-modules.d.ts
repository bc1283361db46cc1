// Next.js's modules as Next.js's docs and both of its bundlers name them: bare (`next/headers`).
// Turbopack maps only the bare names to the builds an App Router server bundle holds; with
// `next/navigation.js` it takes the file itself, whose client-side imports a route handler's
// bundle cannot resolve (`MODULE_UNPARSABLE`). TypeScript's NodeNext resolution, which this
// package compiles with, finds only the `.js` files of a package without `exports` (as `next` is):
// the bare names are declared here as those files. Types only: nothing here reaches `dist`.
declare module 'next/headers' {
  export * from 'next/headers.js';
}
declare module 'next/navigation' {
  export * from 'next/navigation.js';
}
declare module 'next/server' {
  export * from 'next/server.js';
}
