// `pnpm demo:idp`: the demo IdP alone, for your own app (`--help` for the options). Ctrl-C stops it.
import { DEFAULT_PORT, DemoIdpArgsError, parseDemoIdpArgs, USAGE } from './cli.js';
import { planIdps } from './idp-plan.js';
import { startMessage } from './start-message.js';

let cli: ReturnType<typeof parseDemoIdpArgs>;
try {
  cli = parseDemoIdpArgs(process.argv.slice(2), process.env);
} catch (error) {
  if (!(error instanceof DemoIdpArgsError)) throw error;
  console.error(
    `demo:idp cannot start:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\nRun it with --help for the options.`,
  );
  process.exit(2);
}
if (cli.help) {
  console.log(USAGE);
  process.exit(0);
}

// Loaded only now: oidc-provider prints its warnings when loaded, which --help and a typo need not show.
const { IdpStartError, startPlannedIdps } = await import('./start-idps.js');
const running = await startPlannedIdps(planIdps(cli.options), (line) => console.log(`[idp] ${line}`)).catch(
  (error: unknown) => {
    const busy = error instanceof IdpStartError && error.portInUse ? error : undefined;
    const port = busy?.port;
    const which = busy?.providerName === undefined ? '' : ` (for the IdP of provider ${busy.providerName})`;
    console.error(
      busy
        ? `demo:idp cannot start: port ${port} on 127.0.0.1${which} is in use${port === DEFAULT_PORT ? ' (is `pnpm demo` running?)' : ''}; choose another with --port, or --port 0 for any free one.`
        : `demo:idp cannot start: ${error instanceof Error ? error.message : error}`,
    );
    process.exit(1);
  },
);
console.log(startMessage(running.idps, cli));

let stopping = false;
function shutdown(reason: string) {
  if (stopping) process.exit(130); // a second Ctrl-C does not wait
  stopping = true;
  console.log(`\nStopping the demo IdP${running.idps.length > 1 ? 's' : ''} (${reason})…`);
  running.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));
// A package manager that gets SIGTERM does not pass it on; when it exits, so does the IdP.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) shutdown('its parent process exited');
}, 1_000).unref();
