// What Word Senses says in words (webview/repr/sensesNote.ts): occurrences grouped by their tokens, and
// the slider's note measured against layer 0 — the context is credited only with what layer 0 did
// not already set apart, and different tokens (a capital, a space before) are named when they are why layer 0 differs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SensesResult } from '../../../../src/protocol/reprViews';
import { spellings } from '../../../../src/protocol/senseSpellings';
import { layerNote } from '../../../../webview/repr/sensesNote';

/** A result of occurrences with these token ids and these layers' cosines (the rest empty). */
function result(ids: number[][], layers: number[][]): SensesResult {
  const n = ids.length;
  return {
    model: 'm',
    word: 'banco',
    found: n,
    runs: 1,
    runMs: 1,
    static: [],
    occurrences: ids.map((x, i) => ({ source: 0, start: i * 10, end: i * 10 + 5, ids: x, window: { start: 0, end: 100 } })),
    layers: layers.map((cosine, layer) => ({
      layer,
      cosine: Float32Array.from(cosine),
      projection: { points: new Float32Array(2 * n), explained: [0, 0] },
      clusters: ids.map(() => 0),
      nearest: ids.map(() => []),
    })),
  };
}

const ONE = [1, 1, 1, 1, 1, 1, 1, 1, 1];
const BANCO = [
  [72, 13935],
  [6745, 829],
  [6745, 829],
];

describe('Word Senses notes', () => {
  it('groups occurrences by their tokens, in the order they first occur', () => {
    assert.deepEqual(spellings(result([[2], [1], [2], [3, 4], [1]], []).occurrences), [[0, 2], [1, 4], [3]]);
  });

  it('one sequence of tokens: layer 0 is one vector, and a later layer’s difference is the context’s, against 1.000', () => {
    const r = result([[5], [5], [5]], [ONE, [1, 0.5, -0.2, 0.5, 1, 0.1, -0.2, 0.1, 1]]);
    assert.match(layerNote(r, 0), /every occurrence is the same vector \(cosine 1\.000\)/);
    assert.equal(layerNote(r, 1), 'Layer 1: mean cosine 0.133 between occurrences, 1.000 at the embeddings: the context has made them differ.');
  });

  it('"Banco" and "banco": their tokens set them apart at layer 0; later, only the pairs with the same tokens are the context’s', () => {
    const layer0 = [1, 0.943, 0.943, 0.943, 1, 1, 0.943, 1, 1];
    const layer4 = [1, 0.924, 0.932, 0.924, 1, 0.994, 0.932, 0.994, 1];
    const r = result(BANCO, [layer0, layer4]);
    assert.equal(
      layerNote(r, 0),
      'At the embeddings, occurrences written with the same tokens are one vector; these are written with 2 different sequences of tokens (#72·#13935, #6745·#829), which alone sets them apart (mean cosine 0.962). A capital letter, or a space before the word or none, gives other tokens.',
    );
    const note = layerNote(r, 1);
    assert.doesNotMatch(note, /the context has made them differ/);
    assert.equal(
      note,
      'Layer 1: mean cosine 0.950 between occurrences, 0.962 at the embeddings, where they already differ because they are written with different tokens. Those written with the same tokens (1.000 at the embeddings) read 0.994 here: that difference is the context’s.',
    );
  });

  it('two sequences and no two alike: tokens and context are not told apart; pairs alike still at 1.000 are said so', () => {
    const two = result(
      [[1], [2]],
      [
        [1, 0.976, 0.976, 1],
        [1, 0.96, 0.96, 1],
      ],
    );
    assert.match(
      layerNote(two, 1),
      /^Layer 1: mean cosine 0\.960 between occurrences, 0\.976 at the embeddings, where .* different tokens\. No two are written with the same tokens/,
    );
    const alike = result(BANCO, [
      [1, 0.943, 0.943, 0.943, 1, 1, 0.943, 1, 1],
      [1, 0.9, 0.9, 0.9, 1, 0.99999, 0.9, 0.99999, 1],
    ]);
    assert.match(layerNote(alike, 1), /Those written with the same tokens still read 1\.000: their contexts do not tell them apart here\.$/);
  });

  it('every cosine at 1.000 at a later layer: not said to differ', () => {
    const r = result([[5], [5], [5]], [ONE, [1, 0.99953, 0.99961, 0.99953, 1, 0.99958, 0.99961, 0.99958, 1]]);
    assert.equal(layerNote(r, 1), 'Layer 1: every cosine reads 1.000 between occurrences; their contexts do not tell them apart here.');
  });

  it('the same letters after a space and at a line’s start are other tokens: the note names the tokens, not a spelling', () => {
    // "const userName = getUserName();" and "log(getUserName);": ␣get·Name against get·Name.
    const r = {
      ...result(
        [
          [3, 9],
          [5, 9],
        ],
        [[1, 0.9, 0.9, 1]],
      ),
      static: [3, 5, 9].map((id) => ({
        id,
        token: { 3: 'Ġget', 5: 'get', 9: 'Name' }[id] as string,
        table: { name: 'wte', rows: 10, width: 1 },
        row: new Float32Array(1),
        neighbours: [{ id: 0, token: 'Ġa', cosine: 0.5 }],
      })),
    };
    const note = layerNote(r, 0);
    assert.doesNotMatch(note, /spelled/, note);
    assert.match(note, /written with 2 different sequences of tokens \(␣get·Name, get·Name\)/, note);
  });

  it('one occurrence: nothing to compare it with, at any layer (not "every cosine reads 1.000 between occurrences")', () => {
    const r = result([[5]], [[1], [1]]);
    for (const layer of [0, 1]) assert.equal(layerNote(r, layer), 'One occurrence: there is nothing to compare it with.');
  });
});
