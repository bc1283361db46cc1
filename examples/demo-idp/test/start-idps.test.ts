// Starting the IdPs of `pnpm demo:idp`: all of them, or none when one cannot start.
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlannedIdp } from '../src/idp-plan.js';
import { IdpStartError, startPlannedIdps } from '../src/start-idps.js';

const servers: Server[] = [];

/** Listens on a free port of 127.0.0.1, kept until the test ends. */
async function taken(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A port free on 127.0.0.1 right now. */
async function free(): Promise<number> {
  const port = await taken();
  await new Promise((resolve) => servers.pop()?.close(resolve));
  return port;
}

function planned(providerName: string, port: number): PlannedIdp {
  return {
    providerName,
    options: { clients: [{ clientId: 'shop', baseUrl: 'http://localhost:3000', providerName }], port, fapi: true },
  };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('startPlannedIdps', () => {
  it('starts every IdP of the plan, each its own issuer, and closes them all', async () => {
    const running = await startPlannedIdps([planned('alpha', 0), planned('beta', 0)], () => {});
    expect(running.idps.map((r) => r.providerName)).toEqual(['alpha', 'beta']);
    const [alpha, beta] = running.idps.map((r) => r.idp.issuer);
    expect(alpha).not.toBe(beta);
    await running.close();
    await expect(fetch(`${alpha}/jwks`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });

  it('closes the IdPs already started when a port is taken, naming the port and the provider', async () => {
    const first = await free();
    const busy = await taken();
    const error = await startPlannedIdps([planned('alpha', first), planned('beta', busy)], () => {}).catch((e) => e);
    expect(error).toBeInstanceOf(IdpStartError);
    expect(error).toMatchObject({ port: busy, providerName: 'beta', portInUse: true });
    expect(error.message).toMatch(new RegExp(`^the IdP for provider beta on port ${busy}: .*EADDRINUSE`));
    // alpha was closed: its port is free again.
    const again = createServer();
    servers.push(again);
    await new Promise<void>((resolve, reject) => again.once('error', reject).listen(first, '127.0.0.1', resolve));
  });
});
