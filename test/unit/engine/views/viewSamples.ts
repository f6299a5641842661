// Shared by the attention views' tests (plain Node): a tolerance check, a cleaning builder and a small
// two-layer, two-head, three-token analysis whose rollout is worked out by hand in viewMath.test.ts.
import assert from 'node:assert/strict';
import { NO_CLEANING, type Cleaning } from '../../../../src/protocol/views';
import { f32Data, tokensOf } from '../../../../tools/bench/syntheticAttention';

export const close = (actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-6): void => {
  assert.equal(actual.length, expected.length, `length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `[${i}] ${actual[i]} ≠ ${expected[i]}`);
};
export const clean = (c: Partial<Cleaning>): Cleaning => ({ ...NO_CLEANING, ...c });

// Two layers of two heads, three tokens. Layer 0's heads are both A0, layer 1's have the mean
// [[1,0,0],[1,0,0],[0,.5,.5]].
const L0 = [
  [
    [1, 0, 0],
    [0.5, 0.5, 0],
    [0.25, 0.25, 0.5],
  ],
];
const L1 = [
  [
    [1, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
  ],
  [
    [1, 0, 0],
    [1, 0, 0],
    [0, 0, 1],
  ],
];
export const small = f32Data([[L0[0], L0[0]], L1]);
export const smallTokens = tokensOf(['a', 'b', 'c']);
