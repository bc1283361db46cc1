// `GET /`: who is signed in (a server component reading the request's auth context), and the
// sign-out form: a POST to identity-web's route carrying the session's CSRF token.
import { auth, settings } from '../lib/identity';

export const metadata = { title: 'Welcome' };

export default async function Home() {
  const session = await auth();
  if (!session.isAuthenticated) {
    return (
      <>
        <h1>Welcome</h1>
        <p>You are not signed in.</p>
        <p>
          <a href={session.signInUrl('/')}>Sign in</a>
        </p>
      </>
    );
  }
  const { user } = session;
  const { api } = settings();
  return (
    <>
      <h1>Hello {user.name ?? user.username ?? user.subject}</h1>
      <table>
        <tbody>
          <tr>
            <th>subject</th>
            <td>{user.subject}</td>
          </tr>
          <tr>
            <th>username</th>
            <td>{user.username ?? ''}</td>
          </tr>
          <tr>
            <th>issuer</th>
            <td>{user.issuer}</td>
          </tr>
          <tr>
            <th>token cache key</th>
            <td>
              <code>{user.key}</code>
            </td>
          </tr>
        </tbody>
      </table>
      <ul>
        <li>
          <a href="/call-api">Call the API</a> with a token for <code>{api.scopes.join(' ')}</code> from the token cache
        </li>
        {api.extraScopes.map((scope) => (
          <li key={scope}>
            <a href={`/call-api?scope=${encodeURIComponent(scope)}`}>
              Call it with <code>{scope}</code>
            </a>
            : not consented at sign-in, so the first call sends you to the provider once (incremental consent)
          </li>
        ))}
        <li>
          <a href="/dashboard">The dashboard</a>: three server components, each calling the API, one token between them
        </li>
        <li>
          <a href="/cache">See the token cache</a>, then sign out of another app of this provider and watch your account
          leave it
        </li>
      </ul>
      <form method="post" action={session.signOutUrl}>
        <input type="hidden" name="csrf" value={session.csrfToken} />
        <button type="submit">Sign out</button>
      </form>
    </>
  );
}
