// Keyboard movement in lists and grids (navigation.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moveInGrid, moveInList, moveInRows } from '../../../../webview/common/navigation';

describe('keyboard movement', () => {
  it('moves in a list, clamped at the ends', () => {
    assert.equal(moveInList(2, 'ArrowRight', 6), 3);
    assert.equal(moveInList(2, 'ArrowUp', 6), 1);
    assert.equal(moveInList(5, 'ArrowRight', 6), 5);
    assert.equal(moveInList(0, 'ArrowLeft', 6), 0);
    assert.equal(moveInList(3, 'Home', 6), 0);
    assert.equal(moveInList(3, 'End', 6), 5);
    assert.equal(moveInList(3, 'PageDown', 100), 13);
    assert.equal(moveInList(3, 'PageUp', 100), 0);
    assert.equal(moveInList(3, 'a', 6), null);
    assert.equal(moveInList(0, 'ArrowRight', 0), null);
  });

  it('moves in a grid: left/right keys, up/down queries', () => {
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'ArrowRight', 6), { query: 2, key: 3 });
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'ArrowDown', 6), { query: 3, key: 2 });
    assert.deepEqual(moveInGrid({ query: 0, key: 0 }, 'ArrowUp', 6), { query: 0, key: 0 });
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'End', 6), { query: 2, key: 5 });
    assert.equal(moveInGrid({ query: 2, key: 2 }, 'x', 6), null);
  });

  it('moves in a layers × heads grid with the heatmap’s keys: Home/End the row’s ends, a page ten rows', () => {
    const at = { row: 3, column: 5 };
    assert.deepEqual(moveInRows(at, 'ArrowLeft', 24, 16), { row: 3, column: 4 });
    assert.deepEqual(moveInRows(at, 'ArrowDown', 24, 16), { row: 4, column: 5 });
    assert.deepEqual(moveInRows(at, 'Home', 24, 16), { row: 3, column: 0 });
    assert.deepEqual(moveInRows(at, 'End', 24, 16), { row: 3, column: 15 });
    assert.deepEqual(moveInRows(at, 'PageDown', 24, 16), { row: 13, column: 5 });
    assert.deepEqual(moveInRows(at, 'PageUp', 24, 16), { row: 0, column: 5 });
    assert.deepEqual(moveInRows({ row: 20, column: 0 }, 'PageDown', 24, 16), { row: 23, column: 0 });
    assert.equal(moveInRows(at, 'x', 24, 16), null);
    assert.equal(moveInRows(at, 'Home', 0, 16), null);
  });
});
