// The mutation score of each mutated module, read from the committed stryker-incremental.json,
// as the Markdown table docs/mutation-testing.md shows. `node scripts/mutation-summary/summary.mjs`
// prints it; `--update` writes it into the doc between its markers.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../lib/workspace.mjs';

export const DOC = join(root, 'docs', 'mutation-testing.md');
export const START = '<!-- mutation-summary: start -->';
export const END = '<!-- mutation-summary: end -->';

/** Stryker's statuses that count: killed and timed-out mutants are detected; errors are not mutants. */
const DETECTED = new Set(['Killed', 'Timeout']);
const NOT_COUNTED = new Set(['CompileError', 'RuntimeError', 'Ignored', 'Pending']);

const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

/** The table, from the report's `files` (path → { mutants: [{ status }] }). */
export function summaryTable(report = JSON.parse(readFileSync(join(root, 'stryker-incremental.json'), 'utf8'))) {
  const rows = [];
  let detected = 0;
  let counted = 0;
  for (const [path, { mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
    const valid = mutants.filter((m) => !NOT_COUNTED.has(m.status));
    const caught = valid.filter((m) => DETECTED.has(m.status)).length;
    detected += caught;
    counted += valid.length;
    rows.push(`| \`${path.replace('packages/core/src/', '')}\` | ${valid.length} | ${percent(caught, valid.length)} |`);
  }
  return [
    `Last result: ${percent(detected, counted)} of ${counted.toLocaleString('en')} mutants detected (killed or timed out).`,
    '',
    '| module | mutants | detected |',
    '| --- | ---: | ---: |',
    ...rows,
  ].join('\n');
}

/** The doc with the table between its markers replaced by `table`. */
export function withTable(doc, table) {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} lacks the ${START} … ${END} markers`);
  return `${doc.slice(0, start + START.length)}\n${table}\n${doc.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const table = summaryTable();
  if (process.argv.includes('--update')) writeFileSync(DOC, withTable(readFileSync(DOC, 'utf8'), table));
  else console.log(table);
}
