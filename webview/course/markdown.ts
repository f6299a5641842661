/**
 * The small Markdown subset a course unit's explanation is written in, rendered safely (browser;
 * the parser is pure and also runs in Node's unit tests). A teacher's pack is text from anywhere,
 * so nothing in it is ever parsed as HTML: `parseMarkdown` turns the text into blocks of plain
 * text runs, and `renderMarkdown` builds a fixed set of elements from them with el(), every run
 * set as a Text node. What the subset has: headings (#, ##, ###), paragraphs, **strong**,
 * *emphasis* (or _emphasis_), `code`, fenced code blocks, and lists ("- ", "* ", "1. "). Anything
 * else — raw HTML, links, images — stays as the characters it is written with.
 *
 *   renderMarkdown(parseMarkdown('# Tokens\n\nA **token** is…'))   // [<h3>, <p>]
 */
import { el, type Child } from '../common/dom';
import { escapeHidden } from '../../src/protocol/neutralise';

export type Inline = { readonly kind: 'text' | 'strong' | 'em' | 'code'; readonly text: string };

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly inline: readonly Inline[] }
  | { readonly kind: 'paragraph'; readonly inline: readonly Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: readonly (readonly Inline[])[] }
  | { readonly kind: 'code'; readonly text: string };

/** `code` first (nothing inside it is markup), then **strong**, then *em* or _em_. */
const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*|(?<![\p{L}\p{N}])_([^_\s](?:[^_]*[^_\s])?)_(?![\p{L}\p{N}])/gu;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  const push = (kind: Inline['kind'], value: string): void => {
    if (value === '') return;
    const last = out.at(-1);
    if (kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind, text: last.text + value };
    else out.push({ kind, text: value });
  };
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    push('text', text.slice(at, m.index));
    if (m[1] !== undefined) push('code', m[1]);
    else if (m[2] !== undefined) push('strong', m[2]);
    else push('em', m[3] ?? m[4]);
    at = m.index + m[0].length;
  }
  push('text', text.slice(at));
  return out;
}

const HEADING = /^(#{1,3})\s+(.*)$/;
const ITEM = /^\s*(?:([-*])|(\d{1,3})[.)])\s+(.*)$/;
const FENCE = /^\s*```/;

/** Columns between tab stops in a code block (VS Code's default editor.tabSize). */
export const TAB_SIZE = 4;

/** `line` with each tab expanded to spaces up to the next tab stop. */
export function expandTabs(line: string, size: number = TAB_SIZE): string {
  let out = '';
  for (const c of line) out += c === '\t' ? ' '.repeat(size - (out.length % size)) : c;
  return out;
}

/**
 * A pack's Markdown as the Course tab shows it: line by line, control and format characters as
 * visible escapes (visibleLines' rule, so that nothing reorders or hides the text around it),
 * except that inside a fenced code block a tab is expanded to the next tab stop instead of
 * becoming one space: code keeps its indentation. In prose a tab still reads as one space.
 */
export function visibleMarkdown(source: string, tabSize: number = TAB_SIZE): string {
  let inCode = false;
  return source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const fence = FENCE.test(line);
      const code = inCode && !fence;
      if (fence) inCode = !inCode;
      return escapeHidden(code ? expandTabs(line, tabSize) : line, Infinity);
    })
    .join('\n');
}

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let list: { ordered: boolean; items: string[] } | null = null;
  const flush = (): void => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', inline: parseInline(paragraph.join(' ')) });
    if (list) blocks.push({ kind: 'list', ordered: list.ordered, items: list.items.map(parseInline) });
    paragraph = [];
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FENCE.test(line)) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !FENCE.test(lines[i])) code.push(lines[i]);
      blocks.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3, inline: parseInline(heading[2].trim()) });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      if (paragraph.length > 0 || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[3]);
      continue;
    }
    // A line that continues a list item (indented), or a paragraph.
    if (list && /^\s+\S/.test(line)) list.items[list.items.length - 1] += ` ${line.trim()}`;
    else {
      if (list) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return blocks;
}

function inline(runs: readonly Inline[]): Child[] {
  return runs.map((r) => (r.kind === 'text' ? r.text : el(r.kind === 'em' ? 'em' : r.kind, {}, r.text)));
}

/**
 * The blocks as elements. Headings go two levels down (`#` → h3): the Course tab's own title is
 * the page's heading above them.
 */
export function renderMarkdown(blocks: readonly Block[]): HTMLElement[] {
  return blocks.map((b) => {
    switch (b.kind) {
      case 'heading':
        return el(b.level === 1 ? 'h3' : b.level === 2 ? 'h4' : 'h5', {}, ...inline(b.inline));
      case 'paragraph':
        return el('p', {}, ...inline(b.inline));
      case 'list':
        return el(b.ordered ? 'ol' : 'ul', {}, ...b.items.map((item) => el('li', {}, ...inline(item))));
      case 'code':
        return el('pre', {}, el('code', {}, b.text));
    }
  });
}
