// What a browser bundle gets for @identity-web/core: package.json sends its "browser" condition
// here (after the conditions of the server runtimes that also name "browser": Cloudflare's
// workerd, Vercel's edge-light, web workers). In Next.js that is a client component's bundle (a
// "use client" module, and every module it imports). The import below cannot be resolved, so the
// build stops (Next.js: "Module not found: Can't resolve '…'" on Turbopack and webpack alike), the
// text naming the mistake, and the import trace leading to the module that imported the core.
import '@identity-web/core runs on the server only (it holds the app secret, the sessions and the token cache): a browser bundle imported it, in Next.js a client component ("use client", or a module it imports). Import identity-web from server code only, and hand the browser only what it shows';
