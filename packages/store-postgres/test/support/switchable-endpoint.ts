// A database endpoint that a failover moves, as a managed service's endpoint, a virtual IP or a DNS
// name does: a TCP forwarder on 127.0.0.1 whose target port can be switched, cutting every
// connection to the old one. It can also hold the server's replies back and hand them over in one
// write, as a busy client reads them: several messages in one chunk (then the end, if it came).
import { createConnection, createServer, type Socket } from 'node:net';

export interface SwitchableEndpoint {
  readonly port: number;
  /**
   * Points the endpoint at `port` and cuts every open connection, as the old server's loss does;
   * `null` cuts them and refuses new ones (a network partition).
   */
  switchTo(port: number | null): void;
  /**
   * From now on, keeps what the server sends (and that it closed) from the client; the function
   * returned hands each connection's share over in one write, followed by its end if it came.
   */
  holdReplies(): () => void;
  close(): Promise<void>;
}

export async function startSwitchableEndpoint(target: number): Promise<SwitchableEndpoint> {
  let current: number | null = target;
  const open = new Set<Socket>();
  /** While replies are held: each connection's way to hand its share over. */
  let held: Set<() => void> | undefined;
  const server = createServer((client) => {
    if (current === null) {
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: '127.0.0.1', port: current });
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('error', () => {});
    }
    client.pipe(upstream);
    const replies: Buffer[] = [];
    let ended = false;
    const handOver = () => {
      if (replies.length > 0) client.write(Buffer.concat(replies.splice(0)));
      if (ended) client.end();
    };
    upstream.on('data', (chunk: Buffer) => {
      replies.push(chunk);
      if (held === undefined) handOver();
      else held.add(handOver);
    });
    upstream.on('close', () => {
      open.delete(upstream);
      ended = true;
      if (held === undefined) handOver();
      else held.add(handOver);
    });
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    switchTo(next) {
      current = next;
      for (const socket of open) socket.destroy();
    },
    holdReplies() {
      const mine = new Set<() => void>();
      held = mine;
      return () => {
        if (held === mine) held = undefined;
        for (const handOver of mine) handOver();
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
