// The proxy, then `auth()` in the page: the session read by both.
import { auth } from '../../../../lib/identity';

export default async function GuardedAuthPage() {
  const me = await auth();
  return <p>{me.isAuthenticated ? 'ok' : 'signed out'}</p>;
}
