// The attention views' DOM-free parts in plain Node: the matrix window (zoom, pan, reveal,
// hit-testing), painting with masked cells, the causal mask's rows, reply checks (malformed
// replies are refused), the head view's link index, and the export formats (JSON and CSV parse
// back to the numbers shown).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MatrixReply, MatrixRequest } from '../../src/protocol/views';
import { NO_CLEANING } from '../../src/protocol/views';
import { buildLut, colorIndex, packLut } from '../../webview/colorScale';
import { csvField, linkRows, linksCsv, matrixTable, statsCsv, statsRows, tableCsv, tableJson, xmlEscape } from '../../webview/exportFormats';
import { indexLinks, selectionsOf } from '../../webview/headView';
import { causalRows, clampWindow, fullWindow, MIN_WINDOW, paintRange, panWindow, revealCell, valueRange, windowHit, zoomWindow } from '../../webview/matrixMath';
import { isLinksReply, isMatrixReply, isRowReply, isThumbnailsReply } from '../../webview/replyGuards';

/** RFC 4180 fields of a CSV text (quotes, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const request: MatrixRequest = { key: 3, layer: 0, combine: { kind: 'head', head: 0 }, stage: 'probs', cleaning: NO_CLEANING, rows: { start: 0, count: 4 }, cols: { start: 0, count: 4 }, maxSide: 2, encoding: 'f32' };

function reply(over: Partial<Record<keyof MatrixReply, unknown>> = {}): unknown {
  return { key: 3, rows: { start: 0, count: 4 }, cols: { start: 0, count: 4 }, block: 2, height: 2, width: 2, data: new Float32Array([0.1, 0.2, 0.3, 0.4]), min: 0.1, max: 0.4, masked: false, axisLength: 4, ...over };
}

describe('matrix window', () => {
  it('zooms about a point, clamps to the axis, never below the minimum', () => {
    const full = fullWindow(512);
    assert.deepEqual(zoomWindow(full, 0.5, 512), { row0: 128, col0: 128, size: 256 });
    assert.deepEqual(zoomWindow(full, 0.5, 512, 0, 1), { row0: 256, col0: 0, size: 256 });
    let w = full;
    for (let i = 0; i < 20; i++) w = zoomWindow(w, 0.5, 512);
    assert.equal(w.size, MIN_WINDOW);
    assert.deepEqual(zoomWindow({ row0: 500, col0: 500, size: 12 }, 100, 512), full);
    assert.deepEqual(clampWindow({ row0: -5, col0: 600, size: 64 }, 512), { row0: 0, col0: 448, size: 64 });
    assert.deepEqual(clampWindow({ row0: 0, col0: 0, size: 20 }, 6), { row0: 0, col0: 0, size: 6 });
  });

  it('pans within the axis and reveals a cell with the smallest move', () => {
    const w = { row0: 100, col0: 100, size: 64 };
    assert.deepEqual(panWindow(w, 10, -20, 512), { row0: 110, col0: 80, size: 64 });
    assert.deepEqual(panWindow(w, 1000, -1000, 512), { row0: 448, col0: 0, size: 64 });
    assert.deepEqual(revealCell(w, { query: 120, key: 130 }, 512), w);
    assert.deepEqual(revealCell(w, { query: 164, key: 99 }, 512), { row0: 101, col0: 99, size: 64 });
  });

  it('maps pixels to the source cell through the window', () => {
    const w = { row0: 256, col0: 64, size: 128 };
    assert.deepEqual(windowHit(0, 0, 512, w), { query: 256, key: 64 });
    assert.deepEqual(windowHit(511.9, 511.9, 512, w), { query: 383, key: 191 });
    assert.deepEqual(windowHit(4 * 10 + 1, 4 * 3 + 3.9, 512, w), { query: 259, key: 74 });
    assert.equal(windowHit(512, 0, 512, w), null);
    assert.equal(windowHit(-1, 0, 512, w), null);
  });
});

describe('painting', () => {
  const lut32 = packLut(buildLut());
  it('probabilities from 0, scores from their finite minimum; masked cells apart', () => {
    assert.deepEqual(valueRange([0.2, 0.5, -Infinity], 'probs'), { lo: 0, hi: 0.5 });
    assert.deepEqual(valueRange([-3, 2, -Infinity, -1e38], 'scores'), { lo: -3, hi: 2 });
    assert.deepEqual(valueRange([], 'scores'), { lo: 0, hi: 0 });
    const pixels = new Uint32Array(4);
    paintRange([-3, 2, -Infinity, -0.5], -3, 2, lut32, 7, pixels);
    assert.deepEqual([...pixels], [lut32[0], lut32[255], 7, lut32[colorIndex(2.5, 5)]]);
  });

  it('the causal mask starts right of the diagonal in every row of a window', () => {
    assert.deepEqual([...causalRows({ row0: 0, col0: 0, size: 4 })], [0.25, 0.5, 0.75, 1]);
    // A window below the diagonal has no masked cell; one above it is all masked.
    assert.deepEqual([...causalRows({ row0: 10, col0: 0, size: 4 })], [1, 1, 1, 1]);
    assert.deepEqual([...causalRows({ row0: 0, col0: 10, size: 4 })], [0, 0, 0, 0]);
  });
});

describe('reply checks', () => {
  it('accept a well-formed matrix reply and refuse each way of breaking it', () => {
    assert.equal(isMatrixReply(reply(), request), true);
    const broken: Partial<Record<keyof MatrixReply, unknown>>[] = [
      { key: 4 },
      { data: new Float64Array(4) },
      { data: new Uint8Array(4) },
      { data: new Float32Array(3) },
      { height: 3 },
      { block: 0 },
      { rows: { start: 1, count: 4 } },
      { rows: { start: 0, count: 5 } },
      { min: Number.NaN },
      { min: 1, max: 0 },
      { masked: 'no' },
      { block: 1, height: 4, width: 4, data: new Float32Array(16) },
    ];
    for (const b of broken) assert.equal(isMatrixReply(reply(b), request), false, JSON.stringify(Object.keys(b)));
    assert.equal(isMatrixReply(null, request), false);
    assert.equal(isMatrixReply([1, 2], request), false);
  });

  it('check thumbnails, links and rows against their requests', () => {
    const shape = { layers: 2, heads: 3 };
    const tr = { key: 1, size: 2, cleaning: NO_CLEANING };
    const thumbs = { key: 1, layers: 2, heads: 3, size: 2, data: new Uint8Array(24), stats: new Float32Array(24) };
    assert.equal(isThumbnailsReply(thumbs, tr, shape), true);
    assert.equal(isThumbnailsReply({ ...thumbs, data: new Uint8Array(23) }, tr, shape), false);
    assert.equal(isThumbnailsReply({ ...thumbs, heads: 4 }, tr, shape), false);
    assert.equal(isThumbnailsReply({ ...thumbs, stats: new Float64Array(24) }, tr, shape), false);
    const lr = { key: 1, layer: 0, heads: [{ kind: 'mean' as const }], cleaning: NO_CLEANING, topK: 2, threshold: 0 };
    const list = { query: new Uint16Array([0, 0, 2]), keyIndex: new Uint16Array([1, 0, 2]), weight: new Float32Array([0.6, 0.4, 1]) };
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [list] }, lr), true);
    assert.equal(isLinksReply({ key: 1, axisLength: 2, lists: [list] }, lr), false, 'index beyond the axis');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [list, list] }, lr), false, 'one list per selection');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [{ ...list, query: new Uint16Array([2, 0, 0]) }] }, lr), false, 'sorted by query');
    assert.equal(isLinksReply({ key: 1, axisLength: 3, lists: [{ ...list, weight: new Float32Array(2) }] }, lr), false);
    const rr = { key: 1, layer: 0, combine: { kind: 'mean' as const }, cleaning: NO_CLEANING, query: 2 };
    assert.equal(isRowReply({ key: 1, weights: new Float32Array(3) }, rr), true);
    assert.equal(isRowReply({ key: 1, weights: new Float32Array(2) }, rr), false);
    assert.equal(isRowReply({ key: 2, weights: new Float32Array(3) }, rr), false);
  });
});

describe('head view links', () => {
  it('index links by query and by key', () => {
    const list = { query: new Uint16Array([0, 0, 1, 3]), keyIndex: new Uint16Array([2, 0, 2, 1]), weight: new Float32Array([0.5, 0.3, 0.9, 0.4]) };
    const ix = indexLinks(list, 4);
    assert.deepEqual([...ix.byQuery], [0, 2, 3, 3, 4]);
    assert.deepEqual([...ix.byKey], [0, 1, 2, 4, 4]);
    const intoKey2 = [...ix.byKeyOrder.slice(ix.byKey[2], ix.byKey[3])].map((i) => list.query[i]);
    assert.deepEqual(intoKey2.sort(), [0, 1]);
    assert.equal(ix.max, list.weight[2]);
  });

  it('a set of heads becomes one list per head; rollout falls back to the mean', () => {
    assert.deepEqual(selectionsOf({ kind: 'set', heads: [1, 4] }), [{ kind: 'head', head: 1 }, { kind: 'head', head: 4 }]);
    assert.deepEqual(selectionsOf({ kind: 'rollout' }), [{ kind: 'mean' }]);
    assert.deepEqual(selectionsOf({ kind: 'max' }), [{ kind: 'max' }]);
  });
});

describe('export formats', () => {
  const labels = ['[CLS]', 'a,"b"', 'c\nd', '<e>'];
  const m = reply({ block: 1, height: 4, width: 4, data: new Float32Array([1, 0, 0, 0, 0.5, 0.5, 0, 0, 0.25, 0.25, 0.5, 0, 0.1, 0.2, 0.3, 0.4]), min: 0, max: 1 }) as MatrixReply;
  const table = matrixTable(m, labels);

  it('CSV quotes awkward labels and parses back to the same numbers', () => {
    const rows = parseCsv(tableCsv(table));
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[0], ['query \\ key', '[CLS] #0', 'a,"b" #1', 'c\nd #2', '<e> #3']);
    assert.deepEqual(rows.slice(1).map((r) => r.slice(1).map(Number)), [[1, 0, 0, 0], [0.5, 0.5, 0, 0], [0.25, 0.25, 0.5, 0], [0.1, 0.2, 0.3, 0.4].map((v) => Math.fround(v))]);
    assert.equal(csvField('plain'), 'plain');
  });

  it('JSON parses back, masked cells as null', () => {
    const masked = { ...table, values: [[1, -Infinity], [0.5, 0.5]] };
    const parsed = JSON.parse(tableJson({ layer: 2 }, masked)) as { layer: number; values: (number | null)[][]; rows: string[] };
    assert.equal(parsed.layer, 2);
    assert.deepEqual(parsed.values, [[1, null], [0.5, 0.5]]);
    assert.deepEqual(parsed.rows, table.rows);
  });

  it('a downsampled reply names the token ranges of its cells', () => {
    const t = matrixTable(reply() as MatrixReply, labels);
    assert.deepEqual(t.rows, ['#0–#1', '#2–#3']);
    assert.ok(Math.abs(t.values[1][1] - 0.4) < 1e-6);
  });

  it('links and head statistics as CSV', () => {
    const links = linkRows({ key: 1, axisLength: 4, lists: [{ query: new Uint16Array([1]), keyIndex: new Uint16Array([3]), weight: new Float32Array([0.75]) }] }, ['head 2'], labels);
    assert.deepEqual(parseCsv(linksCsv(links)), [['selection', 'query', 'query_token', 'key', 'key_token', 'weight'], ['head 2', '1', 'a,"b"', '3', '<e>', '0.75']]);
    const stats = parseCsv(statsCsv(statsRows(new Float32Array([1.5, 0.25, 0.5, 0.125, 2, 0, 0, 1]), 1, 2)));
    assert.deepEqual(stats, [['layer', 'head', 'entropy', 'previous', 'special', 'self'], ['0', '0', '1.5', '0.25', '0.5', '0.125'], ['0', '1', '2', '0', '0', '1']]);
    assert.equal(xmlEscape(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });
});
