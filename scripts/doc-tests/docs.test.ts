// Docs are tests (docs/contributing-docs.md): every code block of README.md, docs/*.md,
// examples/README.md and packages/*/README.md is checked, and every option the prose names must
// exist. One run checks the real docs together with the broken-on-purpose docs below, which
// prove that each rule still fails when it should.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDocs, docFiles, type Problem, type Report } from './check-docs.js';
import { root } from './workspace.js';

const fence = '```';

/** Docs that break every rule once; `expected` lists each problem as [line, pattern]. */
const BROKEN: readonly { file: string; text: string; expected: readonly [number, RegExp][] }[] = [
  {
    file: 'self-test/broken-code.md',
    text: `# Broken code blocks

${fence}ts
import { createIdentityWeb } from '@identity-web/core';
import { createOidcProvider } from '@identity-web/oidc';

createIdentityWeb({
  identityProvider: createOidcProvider({ issuer: 'https://login.example.com', clientId: 'app' }),
  baseUrl: 'https://app.example.com',
  secret: 'a secret of at least thirty-two characters',
  sesion: { ttlSeconds: 3600 },
});
${fence}

${fence}ts
identity.on('signedIn', () => {});
${fence}

<!-- doc-test: fragment -->
${fence}ts
identity.on('accountRemovd', () => {});
${fence}

<!-- doc-test: fragment -->
${fence}ts
createOidcProvider({ issuer, clientId, clientSecret: process.env.CLIENT_SECRET });
${fence}

${fence}js
const { createIdentityWeb } = require('@identity-web/core');
const { nothing } = require('@identity-web/nope');
const missing = require('no-such-package-anywhere');
${fence}

${fence}js
import { createIdentityWeb } from '@identity-web/core';
const app = ;
${fence}
`,
    expected: [
      [11, /TS2561: Object literal may only specify known properties, but 'sesion' does not exist .* 'session'\?/],
      [16, /TS2304: Cannot find name 'identity'/],
      [21, /TS2345: .*'"accountRemovd"'/],
      [26, /TS2379: .*clientSecret/],
      [31, /`@identity-web\/nope` is not an entry point/],
      [32, /require\('no-such-package-anywhere'\) resolves in no workspace package/],
      [37, /does not parse: Expression expected/],
    ],
  },
  {
    file: 'self-test/broken-prose.md',
    text: `# Broken prose

Turn both in-process caches off with \`inProcessCaches: false\`.

| option | meaning |
| --- | --- |
| \`frontChannelLogout.sessionRequired\` | the opposite of what it does |
| \`session.ttlSecond\` | a typo |

Sign in with \`createOidcProvider({ issuer, clientID })\`, and guard with \`requireAuth({ role: ['admin'] })\`.
Set \`tokenCache: { hotIndexMaxAcounts: 0 }\`. Members are no options: \`auth.user.name\`, \`hasgroups: true\`.

<!-- doc-test: not-options (another library's names in the first column) -->
| other library | identity-web |
| --- | --- |
| \`session.rolling\` | \`session.ttlSeconds\` |
| \`authRequired: true\` | \`session.idelSeconds\` |
`,
    expected: [
      [3, /unknown option `inProcessCaches`$/],
      [7, /unknown option `frontChannelLogout.sessionRequired`; `frontChannelLogout` has `enabled`, `cookieFallback`/],
      [8, /unknown option `session.ttlSecond`; did you mean `session.ttlSeconds`\?/],
      [10, /unknown option of createOidcProvider\(\) `clientID`; did you mean `clientId`\?/],
      [10, /unknown option of requireAuth\(\) `role`; did you mean `roles`\?/],
      [11, /unknown option `tokenCache.hotIndexMaxAcounts`; did you mean `tokenCache.hotIndexMaxAccounts`\?/],
      [17, /unknown option `session.idelSeconds`; did you mean `session.idleSeconds`\?/],
    ],
  },
  {
    file: 'self-test/broken-other.md',
    text: `# Broken other blocks

${fence}sh
npm install @identity-web/core
npx -y pnpm@10.34.8 no-such-script && pnpm --filter @identity-web/core no-such-bench
npx vitest run packages/no-such-package
${fence}

${fence}ts
import { createOidcProvider } from '@identity-web/oidc';
${fence}

${fence}json
{ "a": 1, }
${fence}

${fence}jsonc
{ "a": 1 } // fine
${fence}

${fence}toml
[table]
key = value without quotes
${fence}

${fence}
no language
${fence}

<!-- doc-test: skip -->
${fence}ts
${fence}

Run \`pnpm no-such-script\`.

See [the guide](../docs/sessions.md), [a moved one](../docs/no-such-guide.md#top) and [the web](https://example.com/x.md).
`,
    expected: [
      [5, /`pnpm no-such-script`: identity-web-workspace \(the root\) has no script "no-such-script"/],
      [5, /`pnpm no-such-bench`: @identity-web\/core .* has no script "no-such-bench"/],
      [6, /`vitest packages\/no-such-package`: no such path/],
      [10, /imports @identity-web\/oidc, but the install line of this file does not install @identity-web\/oidc/],
      [14, /json does not parse/],
      [23, /toml: not a table or key = value: key = value without quotes/],
      [26, /a code block without a language/],
      [30, /`skip` needs a reason/],
      [34, /`pnpm no-such-script`: identity-web-workspace \(the root\) has no script/],
      [36, /the link to `\.\.\/docs\/no-such-guide\.md#top` leads to no file/],
    ],
  },
];

const format = (p: Problem) => `${p.file}:${p.line}: ${p.message}`;

let report: Report;

describe('docs are tests', () => {
  beforeAll(() => {
    const real = docFiles().map((file) => ({ file, text: readFileSync(join(root, file), 'utf8') }));
    report = checkDocs([...real, ...BROKEN.map(({ file, text }) => ({ file, text }))]);
    // What was checked, for the log: the real docs only.
    const blocks = report.blocks.filter((b) => !b.file.startsWith('self-test/'));
    const checked = blocks.filter((b) => b.skipped === undefined);
    const counts = new Map<string, number>();
    for (const b of checked) counts.set(b.lang, (counts.get(b.lang) ?? 0) + 1);
    console.log(
      [
        `doc tests: ${[...counts].map(([lang, n]) => `${n} ${lang}`).join(', ')} blocks in ${docFiles().length} files; ` +
          `${checked.filter((b) => b.fragment).length} fragments, ${checked.filter((b) => b.workers).length} for Workers, ` +
          `${blocks.length - checked.length} skipped; ${Math.round(report.milliseconds)} ms`,
        ...blocks.filter((b) => b.skipped !== undefined).map((b) => `  skipped ${b.file}:${b.line}: ${b.skipped}`),
        ...report.notOptions
          .filter((n) => !n.file.startsWith('self-test/'))
          .map((n) => `  not options ${n.file}:${n.line}: ${n.reason}`),
      ].join('\n'),
    );
  }, 180_000);

  for (const file of docFiles()) {
    it(file, () => {
      expect(report.problems.filter((p) => p.file === file).map(format)).toEqual([]);
    });
  }

  for (const broken of BROKEN) {
    it(`fails ${broken.file} where it is broken, and only there`, () => {
      const found = report.problems.filter((p) => p.file === broken.file);
      for (const [line, pattern] of broken.expected) {
        expect(
          found.some((p) => p.line === line && pattern.test(p.message)),
          `${broken.file}:${line} ${pattern}\nfound:\n${found.map(format).join('\n')}`,
        ).toBe(true);
      }
      const unexpected = found.filter(
        (p) => !broken.expected.some(([line, re]) => p.line === line && re.test(p.message)),
      );
      expect(unexpected.map(format)).toEqual([]);
    });
  }

  it('reports nothing outside the docs (the compiler settings, the prelude)', () => {
    const known = new Set([...docFiles(), ...BROKEN.map((b) => b.file)]);
    expect(report.problems.filter((p) => !known.has(p.file)).map(format)).toEqual([]);
  });

  it('reads the option types of every package', () => {
    expect(report.optionTypes).toEqual(
      expect.arrayContaining([
        'IdentityWebOptions',
        'OidcProviderOptions',
        'MsalProviderOptions',
        'RedisStoresOptions',
        'CloudflareStoresOptions',
        'RequireAuthOptions',
      ]),
    );
  });
});
