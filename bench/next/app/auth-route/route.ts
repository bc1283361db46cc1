// The bare answer behind identity-web's `withAuth`: the session read, nothing more.
import { withAuth } from '../../lib/identity';

export const GET = withAuth((_request, { auth }) => Response.json({ ok: auth.isAuthenticated }));
