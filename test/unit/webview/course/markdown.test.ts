// The Markdown subset of the course's explanations (webview/course/markdown.ts): what it parses, and that raw
// HTML, links and anything outside the subset stay plain text runs (the renderer builds only its fixed
// elements from the blocks, each run as a Text node: the Chromium test checks the DOM side).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { expandTabs, parseInline, parseMarkdown, visibleMarkdown, type Block, type Inline } from '../../../../webview/course/markdown';

const root = path.resolve(import.meta.dirname, '../../../..');
const runs = (blocks: readonly Block[]): Inline[] =>
  blocks.flatMap((b) => (b.kind === 'code' ? [{ kind: 'code' as const, text: b.text }] : b.kind === 'list' ? b.items.flat() : [...b.inline]));

describe('the course’s Markdown subset', () => {
  it('a code block’s tabs expand to tab stops; prose tabs are one space; hidden characters are escaped in both', () => {
    assert.equal(expandTabs('\ta\tbc\td'), '    a   bc  d');
    assert.equal(visibleMarkdown('a\tb\n```\n\tx\u202E\n```\nc\td'), 'a b\n```\n    x\\u202E\n```\nc d');
    assert.equal(visibleMarkdown('```\n\tx', 2), '```\n  x', 'an unclosed block is code to the end, as the parser reads it');
  });

  it('headings, paragraphs joined across lines, lists, fenced code', () => {
    const blocks = parseMarkdown(
      '# Title\n\nOne line\nand the next.\n\n- first\n- second\n  continued\n\n1. one\n2. two\n\n```\n<b>x</b>\n  y\n```\n### Small',
    );
    assert.deepEqual(blocks, [
      { kind: 'heading', level: 1, inline: [{ kind: 'text', text: 'Title' }] },
      { kind: 'paragraph', inline: [{ kind: 'text', text: 'One line and the next.' }] },
      { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'first' }], [{ kind: 'text', text: 'second continued' }]] },
      { kind: 'list', ordered: true, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two' }]] },
      { kind: 'code', text: '<b>x</b>\n  y' },
      { kind: 'heading', level: 3, inline: [{ kind: 'text', text: 'Small' }] },
    ]);
  });

  it('strong, emphasis and code inline; markers inside code stay', () => {
    assert.deepEqual(parseInline('a **strong** and *em* or _em_, `x**y**` end'), [
      { kind: 'text', text: 'a ' },
      { kind: 'strong', text: 'strong' },
      { kind: 'text', text: ' and ' },
      { kind: 'em', text: 'em' },
      { kind: 'text', text: ' or ' },
      { kind: 'em', text: 'em' },
      { kind: 'text', text: ', ' },
      { kind: 'code', text: 'x**y**' },
      { kind: 'text', text: ' end' },
    ]);
    // snake_case words and a lone asterisk are not emphasis.
    assert.deepEqual(parseInline('max_new_tokens * 2'), [{ kind: 'text', text: 'max_new_tokens * 2' }]);
  });

  it('raw HTML, links and images are text, character for character', () => {
    const hostile = [
      '<img src=x onerror="alert(1)">',
      '<script>alert(1)</script>',
      '[click](javascript:alert(1)) ![i](http://x/y.png)',
      '<a href="command:workbench.action.quit">**quit**</a>',
    ];
    for (const source of hostile) {
      const blocks = parseMarkdown(source);
      assert.ok(
        blocks.every((b) => b.kind === 'paragraph'),
        source,
      );
      const text = runs(blocks)
        .map((r) => (r.kind === 'strong' ? `**${r.text}**` : r.text))
        .join('');
      assert.equal(text, source, 'every character kept, none taken as markup');
    }
  });

  it('every unit of the built-in packs parses with no marker left over', () => {
    for (const lang of ['es', 'en']) {
      const folder = path.join(root, 'media/course', lang, 'units');
      for (const file of readdirSync(folder)) {
        const blocks = parseMarkdown(readFileSync(path.join(folder, file), 'utf8'));
        assert.equal(blocks[0].kind, 'heading', `${lang}/${file}: starts with its title`);
        for (const r of runs(blocks).filter((r) => r.kind === 'text')) assert.doesNotMatch(r.text, /\*\*|`|^#/, `${lang}/${file}: ${r.text}`);
      }
    }
  });
});
