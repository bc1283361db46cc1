import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Each example app can be copied with web-app-kit: its src/ imports only its own files, Node's
// modules and the packages its package.json depends on, and of this folder's packages only
// web-app-kit, which holds what the apps share: their environment variables, the identity-web
// instance made from them (app-identity.ts, written once for all five apps) and their HTML.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const APPS = ['koa-web-app', 'hono-web-app', 'express-web-app', 'fastify-web-app'];
const KIT = '@identity-web-examples/web-app-kit';

const importsOf = (folder: string) =>
  readdirSync(new URL(`../../${folder}/src/`, import.meta.url)).flatMap((file) =>
    [...read(`${folder}/src/${file}`).matchAll(/ from '([^']+)';$/gm)].map((m) => m[1] ?? ''),
  );

describe('the example apps', () => {
  it.each(APPS)('%s imports nothing but its own files, node: modules and its dependencies', (app) => {
    const { dependencies } = JSON.parse(read(`${app}/package.json`)) as { dependencies: Record<string, string> };
    expect(Object.keys(dependencies).filter((name) => name.startsWith('@identity-web-examples/'))).toEqual([KIT]);
    const imported = importsOf(app);
    expect(imported.length).toBeGreaterThan(5);
    expect(imported).toContain(KIT);
    const packageOf = (specifier: string) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/');
    const foreign = imported.filter(
      (s) => !s.startsWith('./') && !s.startsWith('node:') && !(packageOf(s) in dependencies),
    );
    expect(foreign).toEqual([]);
  });

  it('share one identity-web setup: only the kit makes an instance or a provider', () => {
    const apps = [...APPS.map((app) => `${app}/src`), 'next-web-app/lib'];
    for (const folder of apps) {
      for (const file of readdirSync(new URL(`../../${folder}/`, import.meta.url))) {
        expect(read(`${folder}/${file}`)).not.toMatch(
          /createIdentityWeb\(|createMsalProvider\(|createRedisStores\(|createPostgresStores\(/,
        );
      }
    }
    expect(read('web-app-kit/src/app-identity.ts')).toMatch(/createIdentityWeb\(/);
    // The packages the kit imports: `@identity-web/core/provider` is `@identity-web/core`'s.
    const packageOf = (specifier: string) => specifier.split('/').slice(0, 2).join('/');
    const external = importsOf('web-app-kit').filter((s) => !s.startsWith('./') && !s.startsWith('node:'));
    const kitImports = new Set(external.map(packageOf));
    const { dependencies } = JSON.parse(read('web-app-kit/package.json')) as { dependencies: Record<string, string> };
    expect(kitImports).toEqual(new Set(Object.keys(dependencies)));
  });
});
