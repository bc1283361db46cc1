import { auth } from '../lib/identity';

export default async function Home() {
  const session = await auth();
  if (!session.isAuthenticated) return <p>You are not signed in.</p>;
  return (
    <form method="post" action="/auth/sign-out">
      <p>Hello {session.user.name}</p>
      <input type="hidden" name="csrf" value={session.csrfToken} />
      <button type="submit">Sign out</button>
    </form>
  );
}
