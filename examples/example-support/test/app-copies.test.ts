import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Each example app can be copied with web-app-kit: its src/ imports only its own files, Node's
// modules and the packages its package.json depends on, and of this folder's packages only
// web-app-kit, which holds what the apps share (environment variables, HTML) and nothing
// identity-web: every use of identity-web stays in the app's own file.
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

  it('share a kit with nothing identity-web in it but the core types and error codes', () => {
    const imported = importsOf('web-app-kit');
    expect(new Set(imported.filter((s) => !s.startsWith('./')))).toEqual(new Set(['@identity-web/core']));
    for (const file of readdirSync(new URL('../../web-app-kit/src/', import.meta.url))) {
      expect(read(`web-app-kit/src/${file}`)).not.toMatch(/createIdentityWeb|createOidcProvider|createMsalProvider/);
    }
  });
});
