import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Each example app is copyable on its own: its src/ imports only its own files, Node's modules
// and the packages its package.json depends on, and the Koa, Hono, Express and Fastify apps carry
// their own copies of the environment reader and the views, which must not drift apart.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const APPS = ['koa-web-app', 'hono-web-app', 'express-web-app', 'fastify-web-app'];

describe('the example apps', () => {
  const copies = ['env.ts', 'views.ts'].flatMap((file) =>
    APPS.filter((app) => app !== 'koa-web-app').map((app) => [file, app] as const),
  );
  it.each(copies)("carry the same src/%s: %s's is the Koa app's", (file, app) => {
    expect(read(`${app}/src/${file}`)).toBe(read(`koa-web-app/src/${file}`));
  });

  it.each(APPS)('%s imports nothing but its own files, node: modules and its dependencies', (app) => {
    const { dependencies } = JSON.parse(read(`${app}/package.json`)) as { dependencies: Record<string, string> };
    expect(Object.keys(dependencies).filter((name) => name.startsWith('@identity-web-examples/'))).toEqual([]);
    const files = readdirSync(new URL(`../../${app}/src/`, import.meta.url));
    const imported = files.flatMap((file) =>
      [...read(`${app}/src/${file}`).matchAll(/ from '([^']+)';$/gm)].map((m) => m[1] ?? ''),
    );
    expect(imported.length).toBeGreaterThan(5);
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
});
