// `pnpm bench:hot-path [--rounds N] [--requests N]`: prints src/hot-path.ts's table. See README.md.
import { hotPathTable } from './hot-path.js';
import { HOT_PATH_USAGE, OptionError, parseHotPathOptions } from './options.js';

async function main(): Promise<void> {
  const options = parseHotPathOptions(process.argv.slice(2));
  if (options === 'help') return console.log(HOT_PATH_USAGE);
  console.log(
    `identity-web hot path, in process: ${options.rounds} rounds of ${options.requests} requests per route\n`,
  );
  const table = await hotPathTable(options);
  console.log(`${table}\n\nNode ${process.version}; ${new Date().toISOString()}`);
}

main().catch((error: unknown) => {
  console.error(`\nbench:hot-path FAILED: ${error instanceof OptionError ? error.message : String(error)}`);
  if (error instanceof OptionError) console.error(`\n${HOT_PATH_USAGE}`);
  else console.error(error);
  process.exitCode = 1;
});
