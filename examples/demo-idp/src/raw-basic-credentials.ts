// `interop.rawBasicCredentials`: Basic client credentials compared as sent, without
// form-decoding them, as several providers in the field do.
import type { RequestListener } from 'node:http';
import type { RegisteredClient } from './options.js';

/** oidc-provider's endpoints that authenticate the client (its default routes). */
const CLIENT_AUTHENTICATING = new Set(['/token', '/token/revocation', '/token/introspection']);

/**
 * In front of oidc-provider (which decodes, as RFC 6749 §2.3.1 says): Basic credentials are
 * compared as they arrive, as several providers do, and anything but the registered id and secret
 * byte for byte is refused `invalid_client`. What passes is left to oidc-provider.
 */
export function refusingEncodedCredentials(
  clients: readonly RegisteredClient[],
  next: RequestListener,
): RequestListener {
  const registered = new Set(
    clients.filter((c) => c.clientSecret !== undefined).map((c) => `${c.clientId}:${c.clientSecret}`),
  );
  return (req, res) => {
    const authorization = req.headers.authorization ?? '';
    const path = new URL(req.url ?? '/', 'http://idp').pathname;
    if (req.method === 'POST' && CLIENT_AUTHENTICATING.has(path) && authorization.startsWith('Basic ')) {
      const raw = Buffer.from(authorization.slice(6), 'base64').toString('utf8');
      if (!registered.has(raw)) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="demo-idp"' });
        res.end(JSON.stringify({ error: 'invalid_client', error_description: 'client authentication failed' }));
        return;
      }
    }
    next(req, res);
  };
}
