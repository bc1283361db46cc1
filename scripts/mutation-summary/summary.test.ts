// The per-module table of docs/mutation-testing.md is the committed stryker-incremental.json's, so
// it cannot drift from the last run: commit the file and `node scripts/mutation-summary/summary.mjs --update`.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import stryker from '../../stryker.config.mjs';
import { root } from '../lib/workspace.mjs';
import { DOC, summaryTable, withTable } from './summary.mjs';

describe('the mutation summary of docs/mutation-testing.md', () => {
  it('is the committed stryker-incremental.json', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(withTable(doc, summaryTable())).toBe(doc);
  });

  it('has mutants of every module the Stryker config lists: none of them goes untested unseen', () => {
    // Stryker makes no mutant of code it cannot instrument (an exported object literal of methods
    // gave none once), and says nothing: such a module would pass for tested.
    const report = JSON.parse(readFileSync(join(root, 'stryker-incremental.json'), 'utf8')) as {
      files: Record<string, { mutants: unknown[] }>;
    };
    const listed = (stryker.mutate ?? []).filter((path) => !path.startsWith('!'));
    expect(listed.length).toBeGreaterThan(50);
    const without = listed.filter((path) => (report.files[path]?.mutants.length ?? 0) === 0);
    expect(without).toEqual([]);
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
