// A stand-in token issuer on 127.0.0.1: discovery and JWKS, and the RS256 key that signs the load's token.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export const AUDIENCE = 'api://bench';
export const SCOPE = 'orders.read';

export interface StandInIssuer {
  readonly issuer: string;
  /** A JWT access token (RFC 9068) for the API, valid for an hour. */
  token(claims?: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

export async function startIssuer(): Promise<StandInIssuer> {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      const metadata = { issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/authorize` };
      res.end(JSON.stringify({ ...metadata, token_endpoint: `${issuer}/token` }));
    } else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const now = () => Math.floor(Date.now() / 1000);
  return {
    issuer,
    token: (claims = {}) =>
      new SignJWT({
        iss: issuer,
        aud: AUDIENCE,
        sub: 'alice',
        client_id: 'web-app',
        scope: SCOPE,
        jti: crypto.randomUUID(),
        iat: now(),
        exp: now() + 3600,
        ...claims,
      })
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
        .sign(pair.privateKey),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
