// The README is the front door: what identity-web does, two commands, the code for each framework
// and where to read on. Past 200 lines it turns into the manual, which lives in docs/.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_LINES = 200;

describe('README.md', () => {
  it(`stays at ${MAX_LINES} lines or fewer: the rest belongs in docs/`, () => {
    const text = readFileSync(resolve(root, 'README.md'), 'utf8');
    const lines = text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length;
    expect(lines).toBeLessThanOrEqual(MAX_LINES);
  });
});
