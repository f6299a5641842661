// The guards of the word lessons' panel messages (reprGuards.ts): a well-formed senses and
// word-order message pass; a matrix of the wrong size, a non-finite cosine, a cluster other than
// 0/1 or a missing line fail; the panel's reveal and shuffle requests are checked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRevealOccurrence, isSensesMessage, isShuffleAgain, isWordOrderMessage } from '../../../src/protocol/reprGuards';
import { isHostMessage, isWebviewMessage } from '../../../src/protocol/messageGuards';

function senses(n = 2) {
  const layer = (l: number) => ({
    layer: l,
    cosine: new Float32Array(n * n).fill(1),
    projection: { points: new Float32Array(n * 2), explained: [1, 0] },
    clusters: new Array<number>(n).fill(0),
    nearest: Array.from({ length: n }, () => [{ text: 'río', start: 0, end: 3, cosine: 0.5 }]),
  });
  return {
    id: 1,
    document: 'a.txt',
    lines: Array.from({ length: n }, (_, i) => i + 1),
    result: {
      model: 'm',
      word: 'banco',
      found: n,
      runs: 1,
      runMs: 2,
      occurrences: Array.from({ length: n }, (_, i) => ({ source: 0, start: i * 10, end: i * 10 + 5, ids: [4], window: { start: 0, end: 40 } })),
      layers: [layer(0), layer(1)],
      static: [
        { id: 4, token: 'banco', table: { name: 'w', rows: 10, width: 2 }, row: Float32Array.from([1, 2]), neighbours: [{ id: 5, token: 'x', cosine: 0.2 }] },
      ],
    },
  };
}

function order() {
  const side = { text: 'a b', tokens: ['a', 'b'], attention: Float32Array.from([1, 0, 0.5, 0.5]), predictions: [{ token: 'c', id: 1, p: 0.5 }] };
  return {
    id: 2,
    result: {
      model: 'm',
      kind: 'encoder',
      seed: 1,
      original: side,
      shuffled: side,
      bagOfWords: 1,
      words: 2,
      representation: [{ layer: 0, cosine: 1 }],
      masked: 'b',
    },
  };
}

describe('word lessons message guards', () => {
  it('pass well-formed messages, through messageGuards too', () => {
    assert.equal(isSensesMessage(senses()), true);
    assert.equal(isHostMessage('senses', senses()), true);
    assert.equal(isWordOrderMessage(order()), true);
    assert.equal(isHostMessage('wordOrder', order()), true);
    assert.equal(isWebviewMessage('revealOccurrence', { sensesId: 1, occurrence: 0 }), true);
    assert.equal(isWebviewMessage('shuffleAgain', { wordOrderId: 2 }), true);
  });

  it('reject wrong sizes, non-finite numbers, foreign clusters and missing fields', () => {
    const wrongSize = senses();
    (wrongSize.result.layers[1] as { cosine: Float32Array }).cosine = new Float32Array(3);
    assert.equal(isSensesMessage(wrongSize), false);
    const nan = senses();
    nan.result.layers[0].cosine[1] = Number.NaN;
    assert.equal(isSensesMessage(nan), false);
    const cluster = senses();
    cluster.result.layers[0].clusters[0] = 2;
    assert.equal(isSensesMessage(cluster), false);
    const lines = senses();
    lines.lines.pop();
    assert.equal(isSensesMessage(lines), false);
    const row = senses();
    row.result.static[0].row = Float32Array.from([1]);
    assert.equal(isSensesMessage(row), false);
    const attention = order();
    attention.result.shuffled = { ...attention.result.shuffled, attention: new Float32Array(3) };
    assert.equal(isWordOrderMessage(attention), false);
    assert.equal(isRevealOccurrence({ sensesId: 1, occurrence: -1 }), false);
    assert.equal(isShuffleAgain({ wordOrderId: 'x' }), false);
  });

  it('several files: every occurrence in one of the named files', () => {
    const two = { ...senses(), files: ['a.txt', 'b.txt'] };
    (two.result.occurrences[1] as { source: number }).source = 1;
    assert.equal(isSensesMessage(two), true);
    assert.equal(isSensesMessage({ ...two, files: ['a.txt'] }), false, 'source 1 of one file');
    assert.equal(isSensesMessage({ ...two, files: [] }), false);
    assert.equal(isSensesMessage({ ...two, files: ['a.txt', 3] }), false);
    const missing = senses();
    delete (missing.result.occurrences[0] as { source?: number }).source;
    assert.equal(isSensesMessage(missing), false);
  });

  it('the cursor’s occurrence (result.at), when there is one, is one of the occurrences', () => {
    const at = (value: unknown) => {
      const m = senses();
      return { ...m, result: { ...m.result, at: value } };
    };
    assert.equal(isSensesMessage(at({ index: 1, added: true })), true);
    assert.equal(isSensesMessage(at({ index: 2, added: false })), false, 'past the two occurrences');
    assert.equal(isSensesMessage(at({ index: -1, added: false })), false);
    assert.equal(isSensesMessage(at({ index: 0 })), false);
    assert.equal(isSensesMessage(at(3)), false);
  });
});
