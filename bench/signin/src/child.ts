// A server of the benchmark as its own process (forked by world.ts): the role and its settings
// come in SIGNIN_ROLE (JSON); it says `ready` with its origin, answers `stats`, and leaves when
// the parent disconnects.
import type { FromChild, Role, ToChild } from './protocol.js';
import { type LocalServer, startApp, startIdp } from './servers.js';

const send = (message: FromChild) => process.send?.(message);
const { role, config } = JSON.parse(process.env.SIGNIN_ROLE ?? '{}') as Role;

let server: LocalServer;
try {
  server = role === 'idp' ? await startIdp(config, true) : await startApp(config, true);
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}
server.stats(); // the CPU of starting up is not a sign-in's
process.on('message', (message: ToChild) => {
  if (message.type === 'stats') send({ type: 'stats', stats: server.stats() });
});
process.on('disconnect', () => void server.close().then(() => process.exit(0)));
send({ type: 'ready', url: server.url });
