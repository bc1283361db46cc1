import { requireAuth } from '../../lib/identity';

export default async function Orders() {
  const session = await requireAuth(); // signed in, or redirected to sign in and back
  const response = await session.callApi('orders', new URL(process.env.API_URL ?? '').pathname);
  return <pre>{JSON.stringify({ status: response.status, body: await response.json() })}</pre>;
}
