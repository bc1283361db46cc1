// `GET /sessions`: the user's sessions on every instance, each with a form that ends it (a POST
// to identity-web's route, CSRF-checked like the sign-out form).
import { requireAuth } from '../../lib/identity';

export const metadata = { title: 'Your sessions' };

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);

export default async function Sessions() {
  const session = await requireAuth();
  const sessions = await session.sessions();
  return (
    <>
      <h1>Your sessions</h1>
      <p>
        Where you are signed in to this app (UTC times). Signing out one of them ends it on every instance of the app;
        your other sessions stay.
      </p>
      <table>
        <tbody>
          <tr>
            <th>browser</th>
            <th>signed in</th>
            <th>last seen</th>
            <th />
          </tr>
          {sessions.map((s) => (
            <tr key={s.id} className={s.current ? 'session current' : 'session'}>
              <td>
                {s.device ?? 'unknown browser'}
                {s.current && <strong> (this browser)</strong>}
              </td>
              <td>{when(s.createdAt)}</td>
              <td>{s.lastSeenAt === undefined ? '' : when(s.lastSeenAt)}</td>
              <td>
                <form method="post" action={session.signOutSessionUrl}>
                  <input type="hidden" name="session" value={s.id} />
                  <input type="hidden" name="csrf" value={session.csrfToken} />
                  <input type="hidden" name="returnTo" value={s.current ? '/' : '/sessions'} />
                  <button type="submit">Sign out</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
