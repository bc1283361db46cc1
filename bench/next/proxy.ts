// The benchmark's proxy: it runs for the /guarded and /proxied paths only (its matcher), so every
// other target is measured without it. /proxied/… goes through a proxy that does nothing but go
// on (the floor: what Next.js's proxy costs itself), /guarded/… through identity-web's.
import { NextResponse } from 'next/server';
import { identityProxy } from './lib/identity';

const guarded = identityProxy({ protect: ['/guarded'] });

export function proxy(request: Request): Response | Promise<Response> {
  return new URL(request.url).pathname.startsWith('/proxied/') ? NextResponse.next() : guarded(request);
}

export const config = { matcher: ['/guarded/:path*', '/proxied/:path*'] };
