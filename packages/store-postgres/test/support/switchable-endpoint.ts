// A database endpoint that a failover moves, as a managed service's endpoint, a virtual IP or a DNS
// name does: a TCP forwarder on 127.0.0.1 whose target port can be switched, cutting every
// connection to the old one.
import { createConnection, createServer, type Socket } from 'node:net';

export interface SwitchableEndpoint {
  readonly port: number;
  /**
   * Points the endpoint at `port` and cuts every open connection, as the old server's loss does;
   * `null` cuts them and refuses new ones (a network partition).
   */
  switchTo(port: number | null): void;
  close(): Promise<void>;
}

export async function startSwitchableEndpoint(target: number): Promise<SwitchableEndpoint> {
  let current: number | null = target;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (current === null) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: current });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        open.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    switchTo(next) {
      current = next;
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
