// Sign-in, the callback, sign-out, front- and back-channel logout, security events and the
// session list's sign-out: identity-web's routes under /auth, with cookies written here.
import { handlers } from '../../../lib/identity';

export const { GET, POST } = handlers;
