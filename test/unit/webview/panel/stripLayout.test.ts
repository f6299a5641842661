// The token strip's arithmetic layout (stripLayout.ts): tokens wrap like text, only rows in view are
// put in the page, and a selected token's row is scrolled into view.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutStrip, rowsInView, scrollToRow } from '../../../../webview/panel/stripLayout';

describe('token strip layout', () => {
  it('wraps tokens into rows no wider than the strip, a gap between neighbours', () => {
    const layout = layoutStrip([40, 40, 40, 30, 90, 10], 130, 2);
    // Row 0: 0, 42, 84 (84 + 40 = 124 ≤ 130); 126 + 30 > 130 wraps.
    assert.deepEqual([...layout.x], [0, 42, 84, 0, 32, 0]);
    assert.deepEqual([...layout.row], [0, 0, 0, 1, 1, 2]);
    assert.deepEqual([...layout.rowStart], [0, 3, 5, 6]);
    assert.equal(layout.rows, 3);
  });

  it('a token wider than the strip gets a row of its own; no tokens, no rows', () => {
    const layout = layoutStrip([10, 500, 10], 100, 2);
    assert.deepEqual([...layout.row], [0, 1, 2]);
    assert.equal(layoutStrip([], 100, 2).rows, 0);
    assert.deepEqual(rowsInView(layoutStrip([], 100, 2), 0, 60, 24), [0, -1]);
  });

  it('puts in the page the rows in view and a margin, clamped to the rows there are', () => {
    const layout = layoutStrip(new Array(512).fill(30), 320, 2); // 10 a row, 52 rows
    assert.equal(layout.rows, 52);
    assert.deepEqual(rowsInView(layout, 0, 72, 24, 2), [0, 5]);
    assert.deepEqual(rowsInView(layout, 24 * 20, 72, 24, 2), [18, 25]);
    assert.deepEqual(rowsInView(layout, 24 * 50, 72, 24, 2), [48, 51]);
  });

  it('scrolls a row into view only when it is out of it', () => {
    assert.equal(scrollToRow(0, 72, 24, 1), 0);
    assert.equal(scrollToRow(0, 72, 24, 5), 5 * 24 + 24 - 72);
    assert.equal(scrollToRow(240, 72, 24, 3), 72);
  });
});
