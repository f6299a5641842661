/**
 * The pseudo-locale check's eyes (plain Node, reading a Playwright page): every string a person
 * can read on the page — text nodes, and the attributes that assistive technology or a tooltip
 * shows — with the pseudo-locale's marks (⟦…⟧), the document's and model's own strings (which
 * the test names) and numbers taken away (`unmarkedText`, pseudoLocale.ts). What still holds a
 * letter never went through `t()`. Each such string is traced to the source files that hold it, so the report reads as a to-do
 * list per file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import ts from 'typescript';
import { showWhitespace } from '../../../src/protocol/tokenText';
import { tokenLabel } from '../../../webview/common/format';
import { ROOT } from './server';

/** Attributes people read (tooltips, screen readers, empty fields). */
const READ_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-roledescription', 'aria-valuetext'] as const;

export interface Seen {
  readonly text: string;
  /** Where on the page: the element (id or tag.classes), and the attribute when it is one. */
  readonly where: string;
}

/**
 * Every readable string of the page now, hidden parts included (they show when a control opens
 * them). Plain JavaScript source: the test runner's transform would add name helpers the page
 * lacks to a TypeScript function.
 */
const COLLECT = `(attributes) => {
  const name = (el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + [...el.classList].map((c) => '.' + c).join(''));
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    const text = (node.textContent || '').trim();
    if (parent && text && !parent.closest('script, style')) out.push({ text, where: name(parent) });
  }
  for (const el of document.body.querySelectorAll('*')) {
    for (const attribute of attributes) {
      const value = (el.getAttribute(attribute) || '').trim();
      if (value) out.push({ text: value, where: name(el) + '[' + attribute + ']' });
    }
    if (el instanceof HTMLInputElement && (el.type === 'button' || el.type === 'submit') && el.value.trim()) out.push({ text: el.value.trim(), where: name(el) + '[value]' });
  }
  return out;
}`;

export function readableStrings(page: Page): Promise<Seen[]> {
  return page.evaluate(`(${COLLECT})(${JSON.stringify(READ_ATTRIBUTES)})`) as Promise<Seen[]>;
}

/** The forms in which a document or model string can appear: raw, decoded from byte-level BPE, whitespace made visible. */
export function displayForms(strings: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const s of strings) for (const form of [s, s.trim(), tokenLabel(s, true), tokenLabel(s, false), showWhitespace(s)]) if (form) forms.add(form);
  return [...forms];
}

let literals: { file: string; texts: string[] }[] | null = null;

/** The string literals (and template literal parts) of each webview and protocol source file, read by the TypeScript parser. */
function sourceLiterals(): { file: string; texts: string[] }[] {
  literals ??= ['webview', 'src/protocol'].flatMap((dir) =>
    (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => {
        const file = path.posix.join(dir, f.split(path.sep).join('/'));
        const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);
        const texts: string[] = [];
        const visit = (node: ts.Node): void => {
          if (
            ts.isStringLiteral(node) ||
            ts.isNoSubstitutionTemplateLiteral(node) ||
            ts.isTemplateHead(node) ||
            ts.isTemplateMiddle(node) ||
            ts.isTemplateTail(node)
          )
            texts.push(node.text);
          ts.forEachChild(node, visit);
        };
        visit(source);
        return { file, texts };
      }),
  );
  return literals;
}

/**
 * The source files that most likely hold `text`: those with a string literal equal to it, else
 * one containing it, else one containing its longest run of words as whole words (numbers and
 * symbols were filled in at run time) — webview files first, the protocol's if none.
 */
export function sourcesOf(text: string): string[] {
  const longest =
    text
      .split(/[^\p{L} '-]+/u)
      .map((r) => r.trim())
      .sort((a, b) => b.length - a.length)[0] ?? '';
  const word = new RegExp(`(?<!\\p{L})${longest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u');
  const tiers: ((literal: string) => boolean)[] = [
    (l) => l.trim() === text,
    (l) => l.includes(text),
    ...(longest.length >= 4 || longest.includes(' ') ? [(l: string) => word.test(l)] : []),
  ];
  for (const match of tiers)
    for (const dir of ['webview/', 'src/protocol/']) {
      const files = sourceLiterals()
        .filter((s) => s.file.startsWith(dir) && s.texts.some(match))
        .map((s) => s.file);
      if (files.length) return files;
    }
  return [];
}

/** The unmarked strings seen in several page states, each once, grouped by the source files that hold them, as one report. */
export function unmarkedReport(found: readonly { state: string; seen: Seen; part: string }[]): string {
  const byFile = new Map<string, Map<string, string>>();
  for (const f of found) {
    const files = sourcesOf(f.part);
    const id = `${JSON.stringify(f.part)} (${f.seen.where})`;
    for (const file of files.length ? files : ['(no string literal of webview/ or src/protocol/ holds it: built from parts, or from the host)']) {
      const lines = byFile.get(file) ?? new Map<string, string>();
      byFile.set(file, lines);
      if (!lines.has(id)) lines.set(id, `${id}, first seen: ${f.state}`);
    }
  }
  return [...byFile.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, lines]) => `${file}\n${[...lines.values()].map((l) => `  ${l}`).join('\n')}`)
    .join('\n');
}
