// The same page reading the signed-in user with `auth()`.
import { auth } from '../../../lib/identity';

export default async function AuthPage() {
  const me = await auth();
  return <p>{me.isAuthenticated ? 'ok' : 'signed out'}</p>;
}
