import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Every service of the demo; `koa2`, the Koa app's second instance, runs only with Redis or
 * PostgreSQL, `partner`, the second demo IdP, only with `partner`, and `next`, the Next.js app,
 * only with `next`. `middle`, the middle-tier API of the chain, runs outside FAPI 2.0 mode, and
 * `middle2`, its second instance, with Redis or PostgreSQL as well.
 */
export type ServiceName =
  | 'idp'
  | 'api'
  | 'koa'
  | 'hono'
  | 'koa2'
  | 'partner'
  | 'express'
  | 'fastify'
  | 'next'
  | 'middle'
  | 'middle2';

/** The ports `pnpm demo` prefers, so the URLs stay the same from one run to the next. */
export const DEFAULT_PORTS: Readonly<Record<ServiceName, number>> = {
  idp: 4000,
  api: 4001,
  koa: 4002,
  hono: 4003,
  koa2: 4004,
  partner: 4005,
  express: 4006,
  fastify: 4007,
  next: 4008,
  middle: 4009,
  middle2: 4010,
};

function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(null));
    probe.listen(port, '127.0.0.1', () => {
      const { port: bound } = probe.address() as { port: number };
      probe.close(() => resolve(bound));
    });
  });
}

/** The lowest port the kernel hands out for outgoing connections and `listen(0)` (Linux; 32768 elsewhere). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 11_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * A port free on 127.0.0.1 now, for a server the demo starts itself (Redis, PostgreSQL). It lies
 * below the kernel's ephemeral range: a port the kernel handed out and took back can go to any
 * outgoing connection before the server binds it, or while a halted server is down (an outage
 * test); random ports outside that range are taken only by explicit binds.
 */
export async function anyFreePort(): Promise<number> {
  const low = ephemeralLow();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await tryListen(10_000 + Math.floor(Math.random() * (low - 10_000)));
    if (port !== null) return port;
  }
  throw new Error('startDemo: no free port on 127.0.0.1');
}

/**
 * A port for each of `services` on 127.0.0.1: the requested one (0 means any free port), or the
 * default when it is free and a free one otherwise. The apps' URLs must be known before anything
 * starts (the IdP registers them), hence probing first; the window in which another process
 * could take a probed port is a few milliseconds.
 */
export async function choosePorts<S extends ServiceName>(
  requested: Partial<Record<ServiceName, number>>,
  services: readonly S[],
): Promise<Record<S, number>> {
  const ports = {} as Record<S, number>;
  const taken = new Set<number>();
  for (const name of services) {
    const wanted = requested[name];
    if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535)) {
      throw new TypeError(`startDemo: "ports.${name}" must be a port number (0 for any free port)`);
    }
    const preferred = wanted ?? DEFAULT_PORTS[name];
    let port = wanted === 0 || taken.has(preferred) ? null : await tryListen(preferred);
    if (port === null && wanted !== undefined && wanted !== 0) {
      throw new Error(`startDemo: port ${wanted} for "${name}" is in use`);
    }
    // A released ephemeral port could come back on the next probe: never hand one out twice.
    for (let attempt = 0; (port === null || taken.has(port)) && attempt < 10; attempt++) port = await tryListen(0);
    if (port === null || taken.has(port)) throw new Error(`startDemo: no free port for "${name}"`);
    taken.add(port);
    ports[name] = port;
  }
  return ports;
}
