import { requireAuth } from '../../lib/identity';

export default async function Orders() {
  const session = await requireAuth(); // signed in, or redirected to sign in and back
  const response = await session.callApi('orders', new URL(process.env.API_URL ?? '').pathname);
  // The app's own API (app/api/orders/route.ts), called with the user's token like any other.
  const own = await session.callApi('self', '/api/orders');
  // An API that refuses the token, fresh or not: the page gets its 401, and renders.
  const refused = await session.callApi('self', '/api/refused');
  return (
    <pre>
      {JSON.stringify({ status: response.status, body: await response.json() })}
      {JSON.stringify({ self: { status: own.status, body: await own.json() } })}
      {JSON.stringify({ refused: { status: refused.status, body: await refused.json() } })}
    </pre>
  );
}
