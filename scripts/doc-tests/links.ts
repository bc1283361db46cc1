// The links of the docs: every relative link must name a file or folder of the workspace, so a
// section moved to another doc, or a file renamed, cannot leave a dead link behind. Web links and
// anchors are left alone (no network here; GitHub's heading anchors are its own).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Problem } from './code-blocks.js';
import { root } from './workspace.js';

/** `[text](target)` and `![alt](target)`, with an optional title; the target has no spaces. */
const LINK = /!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const FENCE = /^\s*(```|~~~)/;

/** Problems for the relative links of `text` (the doc at `file`, relative to the root) that lead nowhere. */
export function checkLinks(file: string, text: string): Problem[] {
  const problems: Problem[] = [];
  let inFence = false;
  text.split('\n').forEach((content, index) => {
    if (FENCE.test(content)) inFence = !inFence;
    if (inFence) return;
    for (const [, target = ''] of content.matchAll(LINK)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
      const path = decodeURI(target.split('#')[0] ?? '');
      if (!existsSync(join(root, dirname(file), path))) {
        problems.push({ file, line: index + 1, message: `the link to \`${target}\` leads to no file` });
      }
    }
  });
  return problems;
}
