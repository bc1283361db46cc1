import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';

/** An issuer on 127.0.0.1 serving discovery and a JWKS, nothing else; its key signs test tokens. */
export interface StandInIssuer {
  /** `http://127.0.0.1:<port><path>` */
  readonly issuer: string;
  /** The private key of the published RS256 key (`kid`). */
  readonly key: CryptoKey;
  close(): Promise<void>;
}

/**
 * Starts a stand-in issuer. `path`: the issuer's path (`/realms/partner`), so two of them differ
 * by more than their ports; `kid`: the key id it publishes.
 */
export async function startStandInIssuer(options: { path?: string; kid?: string } = {}): Promise<StandInIssuer> {
  const { path = '', kid = 'k1' } = options;
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
  let issuer = '';
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === `${path}/.well-known/openid-configuration`) {
      res.end(
        JSON.stringify({
          issuer,
          jwks_uri: `${issuer}/jwks`,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
        }),
      );
    } else if (req.url === `${path}/jwks`) res.end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return {
    issuer,
    key: pair.privateKey,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
