// `GET /call-api`: a server component calls the API with a token from the cache and shows its answer.
import { callTheApi } from '../../lib/call-api';
import { requireAuth, settings } from '../../lib/identity';

export const metadata = { title: 'Call the API' };

export default async function CallApi({ searchParams }: { searchParams: Promise<{ scope?: string | string[] }> }) {
  const session = await requireAuth(); // the proxy sent anyone else to sign in already
  const { api } = settings();
  const { scope } = await searchParams;
  const asked = typeof scope === 'string' && scope !== '' ? scope : undefined;
  // Never a scope the URL makes up: one the provider does not grant would loop through sign-in.
  const name = asked === undefined || api.scopes.includes(asked) ? 'api' : asked;
  const answer =
    name === 'api' || api.extraScopes.includes(name)
      ? await callTheApi(session, name)
      : {
          error: 'invalid_scope',
          error_description: `"scope" must be among: ${[...api.scopes, ...api.extraScopes].join(' ')}`,
        };
  return (
    <>
      <h1>Call the API</h1>
      <pre>{JSON.stringify(answer)}</pre>
    </>
  );
}
