// `GET /dashboard`: widgets, each a server component that calls the API on its own. They share
// one token from the cache; when it is due, one refresh serves them all.
import type { SignedInAuthContext } from '@identity-web/core';
import { callTheApi } from '../../lib/call-api';
import { requireAuth } from '../../lib/identity';

export const metadata = { title: 'Dashboard' };

const MAX_WIDGETS = 20;

async function Widget({ session, n }: { session: SignedInAuthContext; n: number }) {
  const answer = await callTheApi(session, 'api');
  const status = answer.api?.status ?? answer.error;
  return (
    <li className="widget">
      widget {n}: the API answered <span className="status">{status}</span>
    </li>
  );
}

export default async function Dashboard({ searchParams }: { searchParams: Promise<{ widgets?: string }> }) {
  const session = await requireAuth();
  const count = Math.min(MAX_WIDGETS, Math.max(1, Number((await searchParams).widgets) || 3));
  return (
    <>
      <h1>Dashboard</h1>
      <ul>
        {Array.from({ length: count }, (_, i) => i + 1).map((n) => (
          <Widget key={n} session={session} n={n} />
        ))}
      </ul>
    </>
  );
}
