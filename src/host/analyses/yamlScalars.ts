/**
 * Whether a YAML line is a scalar's text (pure; extension host and unit tests), for the statement
 * rule of textScope.ts: a block scalar's body (`run: |`, `description: >-`) or the next line of a
 * plain or quoted scalar (`note: text that goes` and its more indented lines) is text, where
 * "[unclosed" at a line's start opened a flow sequence that nothing closed, and the statement ran
 * on 40 lines. The line's parent tells: the nearest line above that is less indented than every
 * line between. A key (or a sequence item) whose value starts on its own line with `|`, `>` or a
 * scalar holds text; one with nothing after it (or an anchor, a tag, a flow collection) holds nodes.
 *
 *   inYamlScalar(new NearLines('run: |\n  echo [x\n', 9)); // true
 */
import type { NearLines } from './nearLines';

/** How far above the line its parent is looked for (lines, characters). */
const PARENT_LINES = 200;
const PARENT_CHARS = 20_000;

/** A key and what follows it: plain (up to the first ": " or final ":") or quoted. */
const KEY = /^(?:"(?:\\.|[^"\\])*"|'(?:[^']|'')*'|[^\s'"[{#,][^#]*?)\s*:(?:\s+|$)/u;
/** A value whose nodes are on the lines below: nothing, or only anchors and tags. */
const NODE = /^(?:[&!]\S*(?:\s+|$))*(?:#.*)?$/u;
/** A value that is a block scalar's indicator, its text on the lines below. */
const BLOCK = /^(?:[&!]\S*\s+)*[|>][-+1-9]*\s*(?:#.*)?$/u;
/** A value that is a node, not text: a flow collection or an alias (after any anchor or tag). */
const FLOW = /^(?:[&!]\S*\s+)*[[{*]/u;

/** Whether line 0 of `lines` is a scalar's text; lines starting before `from` (a Markdown fence's code start) are not read. */
export function inYamlScalar(lines: NearLines, from = 0): boolean {
  let min = indent(lines.line(0));
  let read = 0;
  for (let n = -1; n >= -PARENT_LINES && min > 0 && (lines.start(n) ?? -1) >= from; n--) {
    read += lines.end(n) - lines.start(n)!;
    if (read > PARENT_CHARS) return false;
    const line = lines.line(n);
    const at = indent(line);
    if (at >= min || line.trim() === '' || line[at] === '#') continue;
    // A sequence item's content starts after its dashes: "- key: v" holds its key at that column.
    const item = /^(?:-(?:\s+|$))*/u.exec(line.slice(at))![0];
    const content = line.slice(at + item.length);
    const key = KEY.exec(content);
    if (!key && item === '') {
      // A line of text itself (a scalar's, further in): its own parent tells.
      min = at;
      continue;
    }
    // A sibling of the item's key, not its value's next line.
    if (key && min <= at + item.length) return false;
    const value = key ? content.slice(key[0].length) : content;
    return BLOCK.test(value) || !(NODE.test(value) || FLOW.test(value));
  }
  return false;
}

function indent(line: string): number {
  return /^[ \t]*/u.exec(line)![0].length;
}
