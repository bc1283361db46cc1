// The bare route handler behind the proxy alone: what `identityProxy({ protect })` adds.
export function GET() {
  return Response.json({ ok: true });
}

export const dynamic = 'force-dynamic';
