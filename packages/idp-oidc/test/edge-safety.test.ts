/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package must run on edge runtimes (workerd, Vercel Edge): Web APIs only in src/. One file,
// the DPoP proof signer, uses node:crypto and Buffer where the runtime is Node, reached through
// `process.getBuiltinModule` at run time: it may name them, and imports nothing either.
const NODE_AT_RUN_TIME = new Set(['tokens/es256.ts']);
const src = fileURLToPath(new URL('../src', import.meta.url));
const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('edge safety of src/', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('%s uses no Node built-ins, process or Buffer', (file) => {
    const code = readFileSync(join(src, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    expect(code).not.toMatch(/from\s+['"]node:|require\(|from\s+['"](fs|path|http|https|crypto|url|buffer)['"]/);
    if (NODE_AT_RUN_TIME.has(file.replaceAll('\\', '/'))) return;
    expect(code).not.toMatch(/\bprocess\./);
    expect(code).not.toMatch(/\bBuffer\b/);
  });
});
