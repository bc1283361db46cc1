// Tags each public export that has no `@group` yet with the group `groupOf` gives it, in its doc
// comment (made when it has none). Run after adding exports, then read the diff:
//   node scripts/export-groups/tag.mjs
// The export-group test (export-groups.test.ts) fails for an export left without one.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { groupOf } from './groups.mjs';
import { documentedNode, groupsOf, publicExports, root } from './public-exports.mjs';

const edits = new Map(); // file -> Map(position -> { group, node })
for (const { file, name, declarations } of publicExports()) {
  for (const declaration of declarations) {
    if (groupsOf(declaration).length > 0) continue;
    const node = documentedNode(declaration);
    const at = node.getSourceFile().fileName;
    if (!edits.has(at)) edits.set(at, new Map());
    edits.get(at).set(node.getStart(), { group: groupOf(file, name), node });
  }
}

let tagged = 0;
for (const [file, byPosition] of edits) {
  let text = readFileSync(file, 'utf8');
  for (const [, { group, node }] of [...byPosition].sort(([a], [b]) => b - a)) {
    const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
    const doc = docs.at(-1);
    if (doc === undefined) {
      const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1;
      const indent = text.slice(lineStart, node.getStart()).match(/^\s*/)[0];
      text = `${text.slice(0, lineStart)}${indent}/** @group ${group} */\n${text.slice(lineStart)}`;
    } else {
      const start = doc.getStart();
      const end = doc.getEnd();
      const comment = text.slice(start, end);
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const indent = text.slice(lineStart, start);
      const body = comment.includes('\n')
        ? comment.replace(/\n\s*\*\/$/, `\n${indent} *\n${indent} * @group ${group}\n${indent} */`)
        : `/**\n${indent} * ${comment.replace(/^\/\*\*\s*/, '').replace(/\s*\*\/$/, '')}\n${indent} *\n${indent} * @group ${group}\n${indent} */`;
      text = text.slice(0, start) + body + text.slice(end);
    }
    tagged += 1;
  }
  writeFileSync(file, text);
}
console.log(`tagged ${tagged} declarations in ${edits.size} files`);
void join;
void root;
