// The rotary frequencies a config.json implies, where the graph does not give them
// (repr/positions.ts): a lying field is not used. Before, rotary_dim 10⁹ built an array of half
// a billion entries, −4 threw a RangeError ("Invalid array length"), and a θ of 0 or −5 or a
// head 0.5 wide gave frequencies that are not numbers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFrequencies } from '../../../src/engine/repr/positions';

const base = { rope_theta: 10000, num_attention_heads: 4, hidden_size: 32 };

describe('rotary frequencies from config.json', () => {
  it('a plausible config: θ^(−2i/d) over the head (8 wide: 4 frequencies)', () => {
    const f = configFrequencies(base);
    assert.equal(f?.length, 4);
    assert.equal(f?.[0], 1);
    assert.ok(Math.abs((f?.[3] ?? 0) - 10000 ** (-6 / 8)) < 1e-12);
    assert.equal(configFrequencies({ ...base, rotary_dim: 4 })?.length, 2);
  });

  for (const [field, value] of [
    ['rotary_dim', 1e9],
    ['rotary_dim', -4],
    ['rotary_dim', 2.5],
    ['partial_rotary_factor', 50],
    ['head_dim', 0.5],
    ['head_dim', -8],
  ] as const) {
    it(`${field} ${value}: not used; at most the head's frequencies, each a number`, () => {
      const f = configFrequencies({ ...base, [field]: value });
      assert.ok(f === null || f.length <= 4, `${f?.length} frequencies`);
      assert.ok((f ?? []).every((x) => Number.isFinite(x) && x > 0 && x <= 1));
    });
  }

  for (const theta of [0, -5, 1, Number.NaN])
    it(`rope_theta ${theta}: no frequencies (unknown)`, () => assert.equal(configFrequencies({ ...base, rope_theta: theta }), null));
});
