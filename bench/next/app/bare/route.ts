// The baseline: a route handler with no identity-web at all.
export function GET() {
  return Response.json({ ok: true });
}

export const dynamic = 'force-dynamic';
