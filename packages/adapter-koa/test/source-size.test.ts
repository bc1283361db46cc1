import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url);
const files = readdirSync(SRC).filter((name) => name.endsWith('.ts'));
const sources = files.map((name) => ({ name, text: readFileSync(new URL(name, SRC), 'utf8') }));

describe('the Koa adapter source', () => {
  it('stays a thin translation layer (DESIGN.md §5: a couple of hundred lines)', () => {
    const lines = sources.map(({ name, text }) => ({ name, lines: text.split('\n').filter((l) => l.trim()).length }));
    expect(lines.reduce((sum, file) => sum + file.lines, 0)).toBeLessThan(250);
    for (const file of lines) expect(file.lines, file.name).toBeLessThan(150);
  });

  it("imports only the core's public entry, koa and Node built-ins", () => {
    for (const { name, text } of sources) {
      for (const [, specifier] of text.matchAll(/from '([^']+)'/g)) {
        expect(specifier, name).toMatch(/^(@identity-web\/core|koa|node:[a-z]+|\.\/[a-z-]+\.js)$/);
      }
    }
  });
});
