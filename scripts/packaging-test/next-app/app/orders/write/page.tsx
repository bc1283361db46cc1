import { requireAuth } from '../../../lib/identity';

export default async function Write() {
  const session = await requireAuth();
  // The API asks for `api:write`: the user is sent to consent to it and back, then the call holds.
  const answer = await session.callApi('self', '/api/write');
  return <pre>{JSON.stringify({ write: { status: answer.status, body: await answer.json() } })}</pre>;
}
