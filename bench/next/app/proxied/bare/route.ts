// The bare route handler behind a proxy that only goes on: what Next.js's proxy costs itself.
export function GET() {
  return Response.json({ ok: true });
}

export const dynamic = 'force-dynamic';
