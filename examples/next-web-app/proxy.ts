// Before any page renders: a store outage answers 503 with Retry-After, the protected paths send
// a browser to sign in (a script gets 401 JSON), and each render learns its path for sign-in links.
import { identityProxy } from './lib/identity';

export const proxy = identityProxy({ protect: ['/call-api', '/dashboard', '/sessions'] });

// Every path but Next.js's static files and identity-web's own routes (their route handler answers them).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico|auth/).*)'] };
