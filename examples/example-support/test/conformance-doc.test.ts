import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RP_PLANS } from '../src/conformance/conformance.suite.js';
import { LOGOUT_RP } from '../src/conformance/logout-modules.js';

// docs/conformance.md lists every module the suite re-enacts, with what it checks: a module
// added, renamed or dropped on one side only fails here.
const doc = readFileSync(new URL('../../../docs/conformance.md', import.meta.url), 'utf8');
const rows = new Set([...doc.matchAll(/^\| `([^`]+)` \| (.+?) \|/gm)].map((m) => `${m[1]} | ${m[2]}`));

describe('docs/conformance.md', () => {
  const modules = [
    ...RP_PLANS.flatMap((p) => p.modules.map((m) => ({ plan: p.name, name: m.name, checks: m.checks }))),
    ...LOGOUT_RP.flatMap((p) => p.modules.map((m) => ({ plan: p.plan, name: m.name, checks: m.checks }))),
  ];

  it.each(modules.map((m) => [m.plan, m.name, m.checks]))('%s: lists %s with what it checks', (plan, name, checks) => {
    expect(doc).toContain(`### ${plan}`);
    expect(rows.has(`${name} | ${checks}`)).toBe(true);
  });

  it('lists no module the suite lacks', () => {
    const names = new Set(modules.map((m) => m.name));
    const listed = [...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] ?? '');
    expect(listed.filter((n) => !names.has(n) && !n.includes(' '))).toEqual([]);
  });
});
