import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// One status path: every failure the HTTP layer answers takes its status (and `Retry-After`) from
// the table of error answers (`domain/error-answers.ts`) or the functions beside it. A 4xx or 5xx
// written, or a status compared with a number, anywhere in `http/` is a second path.
const HTTP = new URL('../../src/http/', import.meta.url);
const sources = readdirSync(HTTP)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => ({
    name,
    // Code only: comments may name statuses.
    code: readFileSync(new URL(name, HTTP), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, ''),
  }));

/** Lines that choose a failure status or compare one. */
function secondPaths(code: string): string[] {
  return code
    .split('\n')
    .filter((line) => {
      const bare = line.replace(/'[^']*'|`[^`]*`|"[^"]*"/g, "''");
      // A failure status given to a call or a field, or compared; any status compared with a number.
      return /(\(|status:\s*|[<>=!]=*\s*)[45]\d\d\b/.test(bare) || /status\s*[<>=!]=*\s*\d/.test(bare);
    })
    .map((line) => line.trim());
}

describe('the status path of http/', () => {
  it('reads the sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('chooses no failure status and compares none outside the table of error answers', () => {
    const found = sources.flatMap(({ name, code }) => secondPaths(code).map((line) => `${name}: ${line}`));
    expect(found).toEqual([]);
  });

  it('would see a status chosen by hand, or compared', () => {
    expect(secondPaths("return json(405, body, { allow: 'GET' });")).toHaveLength(1);
    expect(secondPaths('if (error.status < 500) warn();')).toHaveLength(1);
    expect(secondPaths("return html(503, page, clear, { 'retry-after': '5' });")).toHaveLength(1);
    expect(secondPaths('const failure = { status: 502, body };')).toHaveLength(1);
    expect(secondPaths("return redirect(url, 302, cookies, { note: 'after (404' });")).toHaveLength(0);
    expect(secondPaths('const LIMITS = { hintLength: 512 };')).toHaveLength(0);
  });
});
