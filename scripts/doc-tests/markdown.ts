// Reads a Markdown file the way the doc tests need it: its fenced code blocks (with the
// `<!-- doc-test: ... -->` marker in front of each, if any), its prose with the code blocks
// blanked out, its inline code spans and its tables. Line numbers are 1-based, as editors show them.

/** What a `<!-- doc-test: ... -->` comment says about the block or text right after it. */
export interface Marker {
  readonly line: number;
  /** A TypeScript block that is not a whole program: names it uses come from the fragment prelude. */
  readonly fragment: boolean;
  /** A TypeScript block for Cloudflare Workers: checked against @cloudflare/workers-types, not Node. */
  readonly workers: boolean;
  /** Not checked at all, for this reason. */
  readonly skip: string | undefined;
  /**
   * Names that are not identity-web options (another library's, say), for this reason: in the
   * first column of the table right after the marker, or in the paragraph right after it.
   */
  readonly notOptions: string | undefined;
}

export interface CodeBlock {
  readonly file: string;
  /** Line of the opening fence. */
  readonly fenceLine: number;
  /** The info string's first word, lower-cased ('' when the fence has none). */
  readonly lang: string;
  /** The content, with the fence's indentation removed; its first line is `fenceLine + 1`. */
  readonly text: string;
  readonly marker: Marker | undefined;
}

export interface InlineCode {
  readonly line: number;
  /** The span's content, line breaks turned into spaces. */
  readonly code: string;
}

export interface Table {
  readonly line: number;
  readonly header: readonly string[];
  /** Body rows, each with the line it is on. */
  readonly rows: readonly { readonly line: number; readonly cells: readonly string[] }[];
  readonly notOptions: string | undefined;
}

export interface MarkdownDoc {
  /** Path relative to the workspace root, with `/`. */
  readonly file: string;
  readonly blocks: readonly CodeBlock[];
  /** Inline code spans of the prose (tables included), outside what `not-options` markers exempt. */
  readonly inlineCode: readonly InlineCode[];
  readonly tables: readonly Table[];
  /** Markers that are malformed or stand before nothing they can apply to. */
  readonly markerProblems: readonly { readonly line: number; readonly message: string }[];
  /** How many prose regions a `not-options` marker exempts. */
  readonly notOptionRegions: readonly { readonly line: number; readonly reason: string }[];
}

const MARKER = /^\s*<!--\s*doc-test:(.*?)-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;

/** Parses the text of a marker comment: `fragment`, `workers`, `skip (reason)`, `not-options (reason)`, comma-separated. */
export function parseMarker(body: string, line: number): Marker | string {
  let fragment = false;
  let workers = false;
  let skip: string | undefined;
  let notOptions: string | undefined;
  // Split on commas outside parentheses, so a reason may contain commas.
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  for (const raw of items) {
    const item = raw.trim();
    const withReason = /^(skip|not-options)\s*\((.+)\)$/s.exec(item);
    if (item === 'fragment') fragment = true;
    else if (item === 'workers') workers = true;
    else if (withReason) {
      const reason = withReason[2]?.trim() ?? '';
      if (withReason[1] === 'skip') skip = reason;
      else notOptions = reason;
    } else if (item === 'skip' || item === 'not-options') {
      return `\`${item}\` needs a reason in parentheses: <!-- doc-test: ${item} (why) -->`;
    } else {
      return `unknown doc-test marker item \`${item}\` (known: fragment, workers, skip (reason), not-options (reason))`;
    }
  }
  return { line, fragment, workers, skip, notOptions };
}

/** A table row with the text of its first cell replaced by spaces. */
function blankFirstCell(line: string): string {
  const match = /^(\s*\|?)((?:[^|`\\]|\\.|`[^`]*`)*)/.exec(line);
  if (!match) return line;
  const [whole, lead = ''] = match;
  return lead + ' '.repeat(whole.length - lead.length) + line.slice(whole.length);
}

function splitRow(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let current = '';
  let inCode = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (ch === '\\' && trimmed[i + 1] === '|') {
      current += '|';
      i++;
    } else if (ch === '`') {
      inCode = !inCode;
      current += ch;
    } else if (ch === '|' && !inCode) {
      cells.push(current.trim());
      current = '';
    } else current += ch;
  }
  cells.push(current.trim());
  return cells;
}

/** The inline code spans of `text` (CommonMark: a run of n backticks closes with a run of n). */
export function inlineCodeSpans(text: string, firstLine: number): InlineCode[] {
  const spans: InlineCode[] = [];
  const re = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const content = m[2] ?? '';
    if (/\n\s*\n/.test(content)) {
      // Not a span: an unmatched backtick. Resume after it.
      re.lastIndex = m.index + (m[1]?.length ?? 1);
      continue;
    }
    const line = firstLine + countNewlines(text, m.index);
    spans.push({ line, code: content.replace(/\s*\n\s*/g, ' ').trim() });
  }
  return spans;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

export function parseMarkdown(file: string, source: string): MarkdownDoc {
  const lines = source.split('\n');
  const blocks: CodeBlock[] = [];
  const tables: Table[] = [];
  const markerProblems: { line: number; message: string }[] = [];
  const notOptionRegions: { line: number; reason: string }[] = [];
  // Prose lines: code blocks and markers blanked out, lines of `not-options` regions too.
  const prose = [...lines];
  let pending: Marker | undefined;

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const marker = MARKER.exec(text);
    if (marker) {
      prose[i] = '';
      if (pending) markerProblems.push({ line: pending.line, message: 'a doc-test marker followed by another one' });
      const parsed = parseMarker(marker[1] ?? '', i + 1);
      if (typeof parsed === 'string') markerProblems.push({ line: i + 1, message: parsed });
      else pending = parsed;
      continue;
    }
    if (text.trim() === '') continue;

    const fence = FENCE.exec(text);
    if (fence) {
      const indent = fence[1]?.length ?? 0;
      const ticks = fence[2] ?? '```';
      const close = new RegExp(`^\\s*${ticks[0] === '`' ? '`' : '~'}{${ticks.length},}\\s*$`);
      const content: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !close.test(lines[j] ?? ''); j++) {
        const raw = lines[j] ?? '';
        // Remove up to the fence's indentation (CommonMark), no more.
        const strip = Math.min(indent, raw.length - raw.trimStart().length);
        content.push(raw.slice(strip));
      }
      for (let k = i; k <= j && k < lines.length; k++) prose[k] = '';
      if (pending?.notOptions !== undefined && !pending.skip) {
        markerProblems.push({
          line: pending.line,
          message: '`not-options` applies to prose or a table, not a code block',
        });
      }
      blocks.push({
        file,
        fenceLine: i + 1,
        lang: (fence[3] ?? '').toLowerCase(),
        text: content.join('\n'),
        marker: pending,
      });
      pending = undefined;
      i = j;
      continue;
    }

    // A paragraph or a table: the lines up to the next blank line (or marker, or fence).
    let end = i;
    while (end + 1 < lines.length && (lines[end + 1] ?? '').trim() !== '' && !FENCE.test(lines[end + 1] ?? '')) {
      if (MARKER.test(lines[end + 1] ?? '')) break;
      end++;
    }
    const notOptions = pending?.notOptions;
    if (pending) {
      if (pending.fragment || pending.workers || pending.skip !== undefined) {
        markerProblems.push({
          line: pending.line,
          message: '`fragment`, `workers` and `skip` apply to the code block right after the marker',
        });
      }
      if (notOptions !== undefined) notOptionRegions.push({ line: pending.line, reason: notOptions });
      pending = undefined;
    }
    collectTables(lines, i, end, notOptions, tables);
    if (notOptions !== undefined) {
      // Before a table: its first column (where a comparison table names the other library's
      // options); before a paragraph: all of it.
      const table = /^\s*\|/.test(lines[i] ?? '');
      for (let k = i; k <= end; k++) prose[k] = table ? blankFirstCell(lines[k] ?? '') : '';
    }
    i = end;
  }
  if (pending)
    markerProblems.push({ line: pending.line, message: 'a doc-test marker at the end of the file applies to nothing' });

  return {
    file,
    blocks,
    inlineCode: inlineCodeSpans(prose.join('\n'), 1),
    tables,
    markerProblems,
    notOptionRegions,
  };
}

function collectTables(
  lines: readonly string[],
  start: number,
  end: number,
  notOptions: string | undefined,
  out: Table[],
) {
  for (let i = start; i < end; i++) {
    const header = lines[i] ?? '';
    const separator = lines[i + 1] ?? '';
    if (!/^\s*\|/.test(header) || !/^\s*\|?\s*:?-{2,}/.test(separator)) continue;
    const rows: { line: number; cells: string[] }[] = [];
    let j = i + 2;
    for (; j <= end && /^\s*\|/.test(lines[j] ?? ''); j++) rows.push({ line: j + 1, cells: splitRow(lines[j] ?? '') });
    out.push({ line: i + 1, header: splitRow(header), rows, notOptions });
    i = j - 1;
  }
}
