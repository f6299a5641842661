// floatToHalf against halfToFloat (src/protocol/analysis; plain Node): the conversion test data and
// benchmarks use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { floatToHalf, halfToFloat } from '../../../src/protocol/analysis';

describe('floatToHalf (test data and benchmarks)', () => {
  it('gives every finite half back from its own value, and keeps ±0, ±Infinity and NaN', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00 && bits & 0x3ff) continue; // NaN payloads: checked below
      assert.equal(floatToHalf(halfToFloat(bits)), bits, `bits ${bits.toString(16)}`);
    }
    assert.ok(Number.isNaN(halfToFloat(floatToHalf(Number.NaN))));
    assert.equal(floatToHalf(1e6), 0x7c00, 'beyond 65504 is Infinity');
    assert.equal(floatToHalf(-1e6), 0xfc00);
  });

  it('rounds to the nearest half, ties to the even one, normal and subnormal', () => {
    const between = (a: number, w: number): number => halfToFloat(a) * (1 - w) + halfToFloat(a + 1) * w;
    for (const a of [0x3c00, 0x3c01, 0x0001, 0x0002, 0x03ff, 0x7bfe]) {
      assert.equal(floatToHalf(between(a, 0.3)), a);
      assert.equal(floatToHalf(between(a, 0.7)), a + 1);
      assert.equal(floatToHalf(between(a, 0.5)), a % 2 === 0 ? a : a + 1, `tie at ${a.toString(16)}`);
    }
    assert.equal(floatToHalf(2 ** -26), 0, 'a quarter of the smallest subnormal rounds to 0');
    assert.equal(floatToHalf(3 * 2 ** -26), 1, 'three quarters rounds up');
  });
});
