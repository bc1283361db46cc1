import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url);
const files = readdirSync(SRC).filter((name) => name.endsWith('.ts'));
// Code lines only: the TSDoc of the public API (its examples included) is documentation, not adapter.
const sources = files.map((name) => ({
  name,
  text: readFileSync(new URL(name, SRC), 'utf8').replace(/\/\*\*[\s\S]*?\*\//g, ''),
}));

describe('the Fastify adapter source', () => {
  it('stays a thin translation layer (a couple of hundred lines of code; imports are checked by dependency-cruiser)', () => {
    const lines = sources.map(({ name, text }) => ({ name, lines: text.split('\n').filter((l) => l.trim()).length }));
    expect(lines.reduce((sum, file) => sum + file.lines, 0)).toBeLessThan(250);
    for (const file of lines) expect(file.lines, file.name).toBeLessThan(150);
  });
});
