// The BERT tab's messages (protocol): a next-sentence result, an unsupported model's message and a
// fine-tuning result pass the guards through the host ↔ webview message tables; malformed ones
// (a probability above 1, a confusion matrix of the wrong size, an unknown action) do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostMessage, isWebviewMessage } from '../../../src/protocol/messageGuards';

const NSP = {
  a: 'I am going outside.',
  b: 'I will be back after 6.',
  result: {
    model: 'tiny-bert-es-en',
    isNext: 0.06,
    logits: [-1.2, 1.5],
    tokens: [
      { text: '[CLS]', id: 2, segment: null, start: null, end: null },
      { text: 'I', id: 40, segment: 'a', start: 0, end: 1 },
      { text: '[SEP]', id: 3, segment: null, start: null, end: null },
      { text: 'I', id: 40, segment: 'b', start: 0, end: 1 },
      { text: '[SEP]', id: 3, segment: null, start: null, end: null },
    ],
    segments: { a: { start: 1, end: 2 }, b: { start: 3, end: 4 } },
    crossAttention: [{ layer: 0, aToB: 0.2, bToA: 0.3 }],
  },
};
const TUNE = {
  document: 'lines.txt',
  predicted: 3,
  result: {
    model: 'tiny-bert-es-en',
    labels: ['code', 'prose'],
    examples: 4,
    width: 128,
    folds: 2,
    accuracy: 0.75,
    foldAccuracy: [1, 0.5],
    perClass: [
      { label: 'code', support: 2, precision: 1, recall: 0.5, f1: 2 / 3 },
      { label: 'prose', support: 2, precision: 2 / 3, recall: 1, f1: 0.8 },
    ],
    confusion: [
      [1, 1],
      [0, 2],
    ],
    featureMs: 1,
    trainMs: 1,
  },
};

describe('the bert message', () => {
  it('passes a result, an unsupported model and a fine-tuning, alone or together', () => {
    assert.ok(isHostMessage('bert', { id: 1, nsp: NSP, fineTune: null, positions: null }));
    assert.ok(isHostMessage('bert', { id: 1, nsp: { a: 'x', b: 'y', unsupported: 'no head' }, fineTune: TUNE, positions: null }));
    assert.ok(isHostMessage('bert', { id: 1, nsp: null, fineTune: TUNE, positions: null }));
  });
  it('refuses a probability above 1, a confusion matrix of the wrong size, a missing sentence', () => {
    assert.ok(!isHostMessage('bert', { id: 1, nsp: { ...NSP, result: { ...NSP.result, isNext: 1.5 } }, fineTune: null, positions: null }));
    assert.ok(!isHostMessage('bert', { id: 1, nsp: null, fineTune: { ...TUNE, result: { ...TUNE.result, confusion: [[1, 1]] } } }));
    assert.ok(!isHostMessage('bert', { id: 1, nsp: { b: 'y', unsupported: 'no head' }, fineTune: null, positions: null }));
    assert.ok(!isHostMessage('bert', { id: 1, nsp: NSP }));
    assert.ok(!isHostMessage('bert', { nsp: NSP, fineTune: null, positions: null }), 'no id: a replay could not be told from a new command');
  });
});

describe('the bertAction message', () => {
  it('takes the random-B action only', () => {
    assert.ok(isWebviewMessage('bertAction', { action: 'randomB' }));
    assert.ok(!isWebviewMessage('bertAction', { action: 'train' }));
    assert.ok(!isWebviewMessage('bertAction', null));
  });
});
