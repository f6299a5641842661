// The memory-budget question does not trust a model that says nothing, or 0, of its heads or its
// vocabulary (issue 14, item 10): the estimate assumes the largest models' counts instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelFacts } from '../../../../src/protocol/analysis';
import { budgetQuestion, UNKNOWN_HEADS } from '../../../../src/host/analyses/budgetChoice';

const facts: ModelFacts = { id: 'm', kind: 'decoder', modelType: 'gpt2', layers: 12, heads: 12, maxPositions: 2048, vocabSize: 50257, maskToken: null };

describe('the budget question with untrustworthy model facts', () => {
  it('fits with the real head count, and asks when the config said 0 heads or nothing', () => {
    // 12 layers × 12 heads × 1024² × 2 bytes ≈ 302 MB of attention, plus the run's and the logits: about 560 MB.
    assert.equal(budgetQuestion({ text: 'x' }, facts, 1024, 1024), null);
    for (const heads of [0, Number.NaN, -3]) {
      const question = budgetQuestion({ text: 'x' }, { ...facts, heads }, 1024, 1024);
      assert.ok(question, `heads ${heads}: asked`);
      assert.match(question.message, new RegExp(`12 layers × ${UNKNOWN_HEADS} heads`));
    }
  });

  it('assumes a large vocabulary when the model gives none', () => {
    const small = { ...facts, heads: 1, layers: 1 };
    assert.equal(budgetQuestion({ text: 'x' }, small, 1024, 512), null);
    assert.ok(budgetQuestion({ text: 'x' }, { ...small, vocabSize: 0 }, 1024, 512));
  });
});
