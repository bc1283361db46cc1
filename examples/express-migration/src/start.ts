// Both versions of the app side by side, with the demo OpenID provider and the demo API they call.
import { randomBytes } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import { startDemoIdp } from '@identity-web-examples/demo-idp';
import { startDownstreamApi } from '@identity-web-examples/downstream-api';
import { afterApp } from './after.js';
import { beforeApp } from './before.js';

export interface SideBySide {
  /** The app on express-openid-connect. */
  readonly before: string;
  /** The same app on @identity-web/express. */
  readonly after: string;
  readonly issuer: string;
  close(): Promise<void>;
}

/** Starts the provider, the API and both apps on 127.0.0.1 (`before` and `after` ports; 0 picks free ones). */
export async function startSideBySide(ports: { before: number; after: number; idp?: number }): Promise<SideBySide> {
  const servers: Server[] = [];
  const listen = async (port: number, listener?: RequestListener) => {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  // The origins first: the provider registers both as the one client's.
  const before = await listen(ports.before);
  const after = await listen(ports.after);
  const clientSecret = randomBytes(32).toString('base64url');
  const idp = await startDemoIdp({
    clients: [{ clientId: 'orders-app', clientSecret, baseUrl: after, moreBaseUrls: [before] }],
    port: ports.idp ?? 0,
    backChannel: false,
    frontChannel: false,
  });
  const api = await startDownstreamApi({ issuer: idp.issuer });
  const config = {
    issuer: idp.issuer,
    clientId: 'orders-app',
    clientSecret,
    secret: randomBytes(32).toString('base64url'),
    apiUrl: api.whoamiUrl,
    apiScope: 'api:read',
  };
  const old = beforeApp({ ...config, baseUrl: before });
  const moved = afterApp({ ...config, baseUrl: after });
  servers[0]!.on('request', old);
  servers[1]!.on('request', moved.app);
  return {
    before,
    after,
    issuer: idp.issuer,
    async close() {
      moved.identity.close();
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await api.close();
      await idp.close();
    },
  };
}
