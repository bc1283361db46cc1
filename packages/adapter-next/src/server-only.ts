// What a browser bundle gets for @identity-web/next: package.json sends its "browser" condition
// here, and Next.js bundles a client component (a "use client" module, and every module it
// imports) for the browser with that condition. The import below cannot be resolved, so the build
// (Turbopack's and webpack's alike) stops with "Module not found: Can't resolve '…'", the text
// naming the mistake, and the import trace leading to the client component. The server's bundles
// never come here: they take dist/index.js.
import '@identity-web/next runs on the server only: a client component ("use client", or a module it imports) imported it. Import it from server components, route handlers, server actions and proxy.ts, and hand a client component only what it shows';
