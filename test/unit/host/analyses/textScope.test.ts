// What Analyze Selection takes with an empty selection, and where the text before the cursor starts (textScope.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTEXT_BEFORE_CURSOR, contextStart, scopeAround } from '../../../../src/host/analyses/textScope';

describe('scopeAround (an empty selection)', () => {
  it('takes the paragraph in prose, trimmed', () => {
    const doc = 'Title\n\nThe river bank was steep.\nIt rained.\n\nNext paragraph.';
    const s = scopeAround(doc, doc.indexOf('steep'), 'markdown');
    assert.equal(doc.slice(s.start, s.end), 'The river bank was steep.\nIt rained.');
    assert.equal(s.unit, 'paragraph');
  });
  it('takes the line in code, widened while brackets stay open', () => {
    const doc = 'const a = 1;\nconst b = f(\n  a,\n  2);\nreturn b;';
    assert.deepEqual(scopeAround(doc, 3, 'typescript'), { start: 0, end: 12, unit: 'line' });
    const s = scopeAround(doc, doc.indexOf('b ='), 'typescript');
    assert.equal(doc.slice(s.start, s.end), 'const b = f(\n  a,\n  2);');
    assert.equal(s.unit, 'statement');
  });
  it('clamps an offset past the end and handles an empty document', () => {
    assert.deepEqual(scopeAround('', 5, 'plaintext'), { start: 0, end: 0, unit: 'paragraph' });
    const s = scopeAround('abc\r\ndef', 99, 'typescript');
    assert.equal('abc\r\ndef'.slice(s.start, s.end), 'def');
  });
});

describe('contextStart (the text before the cursor)', () => {
  it('starts at the line start CONTEXT_BEFORE_CURSOR characters back, or at the document start', () => {
    assert.equal(contextStart('ab\ncd', 5), 0);
    const line = 'x'.repeat(99) + '\n';
    const doc = line.repeat(200);
    const cursor = doc.length - 10;
    const start = contextStart(doc, cursor);
    assert.equal(start % line.length, 0, 'a line start');
    assert.ok(cursor - start >= CONTEXT_BEFORE_CURSOR && cursor - start < CONTEXT_BEFORE_CURSOR + line.length, `${cursor - start}`);
    assert.equal(contextStart(doc, CONTEXT_BEFORE_CURSOR + line.length), line.length, 'a line start exactly that far back is kept');
    assert.equal(contextStart('a\r\nb', 4), 0);
  });
});
