// The proxy, then `withAuth` in the route handler: the session read by both.
import { withAuth } from '../../../lib/identity';

export const GET = withAuth((_request, { auth }) => Response.json({ ok: auth.isAuthenticated }));
