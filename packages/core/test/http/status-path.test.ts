import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// One status path: every failure the HTTP layer, the API tier and the adapters answer takes its
// status (and `Retry-After`) from the table of error answers (`domain/error-answers.ts`) or the
// functions beside it. A 4xx or 5xx written, or a status compared with a number, anywhere in
// `http/`, `api/` or an adapter's `src/` is a second path.
const PACKAGES = new URL('../../../', import.meta.url);
const FOLDERS = [
  'core/src/http/',
  'core/src/api/',
  ...readdirSync(PACKAGES)
    .filter((name) => name.startsWith('adapter-'))
    .map((name) => `${name}/src/`),
];
const sources = FOLDERS.flatMap((folder) =>
  readdirSync(new URL(folder, PACKAGES), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({
      name: `${folder}${name}`,
      // Code only: comments may name statuses.
      code: readFileSync(new URL(`${folder}${name}`, PACKAGES), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, ''),
    })),
);

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

describe('the status path of http/, api/ and the adapters', () => {
  it('reads the sources of every folder', () => {
    for (const folder of FOLDERS) {
      expect({ folder, read: sources.some(({ name }) => name.startsWith(folder)) }).toEqual({ folder, read: true });
    }
    expect(FOLDERS).toHaveLength(7);
    expect(sources.length).toBeGreaterThan(100);
  });

  it('chooses no failure status and compares none outside the table of error answers', () => {
    const found = sources.flatMap(({ name, code }) => secondPaths(code).map((line) => `${name}: ${line}`));
    expect(found).toEqual([]);
  });

  it('would see a status chosen by hand, or compared', () => {
    expect(secondPaths("return json(405, body, { allow: 'GET' });")).toHaveLength(1);
    expect(secondPaths('if (error.status < 500) warn();')).toHaveLength(1);
    expect(secondPaths('if (answer.status >= 500) console.error(error);')).toHaveLength(1);
    expect(secondPaths('return new ApiRefusal(401, undefined, undefined);')).toHaveLength(1);
    expect(secondPaths("return html(503, page, clear, { 'retry-after': '5' });")).toHaveLength(1);
    expect(secondPaths('const failure = { status: 502, body };')).toHaveLength(1);
    expect(secondPaths("return redirect(url, 302, cookies, { note: 'after (404' });")).toHaveLength(0);
    expect(secondPaths('const LIMITS = { hintLength: 512 };')).toHaveLength(0);
  });
});
