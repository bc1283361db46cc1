// `pnpm start`: the app before and after the move, side by side (see README.md).
import { startSideBySide } from './start.js';

const running = await startSideBySide({ before: 4020, after: 4021, idp: 4022 });
console.log(`before (express-openid-connect): ${running.before}`);
console.log(`after (@identity-web/express):   ${running.after}`);
console.log(`OpenID provider (any login name): ${running.issuer}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void running.close().then(() => process.exit(0)));
}
