// The per-module table of docs/mutation-testing.md is the committed stryker-incremental.json's, so
// it cannot drift from the last run: commit the file and `node scripts/mutation-summary/summary.mjs --update`.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC, summaryTable, withTable } from './summary.mjs';

describe('the mutation summary of docs/mutation-testing.md', () => {
  it('is the committed stryker-incremental.json', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withTable(doc, summaryTable())).toBe(doc);
  });

  it('counts killed and timed-out mutants as detected, and compile errors not at all', () => {
    const report = {
      files: {
        'packages/core/src/a.ts': {
          mutants: [{ status: 'Killed' }, { status: 'Timeout' }, { status: 'Survived' }, { status: 'CompileError' }],
        },
      },
    };
    expect(summaryTable(report)).toContain('| `a.ts` | 3 | 66.7 % |');
    expect(summaryTable(report)).toMatch(/^Last result: 66\.7 % of 3 mutants/);
  });
});
