// The memory estimate before an analysis runs (host/analyses/budget.ts): attention counted once (the
// worker's copy; views receive windows of it), the runtime layer, the logits, and what fits a budget.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateAnalysisBytes, fitBudget } from '../../../../src/host/analyses/budget';

describe('the memory estimate', () => {
  const shape = { tokens: 512, layers: 12, heads: 12, vocabSize: 30522, precision: 'float16' as const, scores: false };
  const attention = 12 * 12 * 512 * 512 * 2;
  const runtime = 12 * 512 * 512 * 4;
  const logits = 512 * 30522 * 4;

  it('counts attention once, the runtime layer and the logits', () => {
    assert.equal(estimateAnalysisBytes(shape), attention + runtime + logits);
    assert.equal(estimateAnalysisBytes({ ...shape, precision: 'float32' }) - estimateAnalysisBytes(shape), attention, 'float32 doubles the attention bytes');
    assert.equal(
      estimateAnalysisBytes({ ...shape, scores: true }) - estimateAnalysisBytes(shape),
      attention + runtime,
      'scores asked for up front double attention and runtime',
    );
    assert.equal(estimateAnalysisBytes(shape, 3), (attention / 12) * 3 + runtime + logits, 'three layers analysed');
  });

  it('finds the most layers and the longest window that fit', () => {
    const fit = fitBudget(shape, 100e6);
    assert.equal(fit.over, true);
    assert.equal(fit.bytes, estimateAnalysisBytes(shape));
    assert.ok(estimateAnalysisBytes(shape, fit.layers) <= 100e6 && estimateAnalysisBytes(shape, fit.layers + 1) > 100e6, `layers ${fit.layers}`);
    assert.ok(
      estimateAnalysisBytes({ ...shape, tokens: fit.tokens }) <= 100e6 && estimateAnalysisBytes({ ...shape, tokens: fit.tokens + 1 }) > 100e6,
      `tokens ${fit.tokens}`,
    );
    assert.deepEqual(fitBudget(shape, 200e6), { bytes: attention + runtime + logits, over: false, layers: 12, tokens: 512 }, 'about 150 MB fits 200 MB');
  });
});
