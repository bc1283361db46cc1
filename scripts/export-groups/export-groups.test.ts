// Every public export carries one `@group` tag, of the groups in groups.mjs (by job or by spec),
// so that TypeDoc's page of each entry lists it under its group. `node scripts/export-groups/tag.mjs`
// tags a new export by the rule in groups.mjs; this test fails for one left without a group, one
// with two, or one whose group is not in the list.

import { describe, expect, it } from 'vitest';
import { GROUPS } from './groups.mjs';
import { groupsOf, publicExports } from './public-exports.mjs';

const exported = publicExports();

describe('the public exports', () => {
  it('are found in every entry', () => {
    const entries = new Set(exported.map(({ entry }) => entry));
    expect([...entries]).toEqual(
      expect.arrayContaining(['@identity-web/core', '@identity-web/core/provider', '@identity-web/koa']),
    );
    expect(exported.length).toBeGreaterThan(300);
  });

  it('each carry one @group, of the listed groups', () => {
    const wrong = exported.flatMap(({ entry, name, file, declarations }) =>
      declarations.flatMap((declaration) => {
        const groups = groupsOf(declaration);
        return groups.length === 1 && groups[0]! in GROUPS
          ? []
          : [`${entry} ${name} (${file}): ${JSON.stringify(groups)}`];
      }),
    );
    expect(wrong, 'run `node scripts/export-groups/tag.mjs`, then check the groups it chose').toEqual([]);
  });

  it('leave no listed group empty', () => {
    const used = new Set(exported.flatMap(({ declarations }) => declarations.flatMap(groupsOf)));
    expect(Object.keys(GROUPS).filter((group) => !used.has(group))).toEqual([]);
  });
});
