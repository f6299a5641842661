// The heatmap's colour ramp and lookup table (colorScale.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLut, colorIndex, colorOf, luminance, LUT_SIZE, packLut, rampColor } from '../../../../src/protocol/colorScale';
import { paintRange } from '../../../../webview/views/matrixMath';

describe('colour scale', () => {
  const lut = buildLut();

  it('has 256 opaque entries from the ramp’s dark end to its light end', () => {
    assert.equal(lut.length, LUT_SIZE * 4);
    assert.deepEqual([...lut.slice(0, 4)], [...rampColor(0), 255]);
    assert.deepEqual([...lut.slice(-4)], [...rampColor(1), 255]);
    for (let i = 3; i < lut.length; i += 4) assert.equal(lut[i], 255);
    // Dark blue-violet (blue the strongest channel) to yellow (red and green high, blue low).
    const [r0, g0, b0] = rampColor(0);
    assert.ok(b0 > r0 && b0 > g0 && r0 + g0 + b0 < 300, `dark end ${rampColor(0)}`);
    const [r1, g1, b1] = rampColor(1);
    assert.ok(r1 > 200 && g1 > 200 && b1 < 120, `light end ${rampColor(1)}`);
  });

  it('rises in luminance (readable without hue) and turns through distinct hues', () => {
    const lum = (i: number): number => luminance([lut[i * 4], lut[i * 4 + 1], lut[i * 4 + 2]]);
    // Rounding channels to bytes may dip by a hair between neighbours; every 8 entries it rises.
    for (let i = 1; i < LUT_SIZE; i++) assert.ok(lum(i) > lum(i - 1) - 3e-4, `entry ${i}`);
    for (let i = 8; i < LUT_SIZE; i += 8) assert.ok(lum(i) > lum(i - 8), `entry ${i}`);
    assert.ok(lum(LUT_SIZE - 1) / lum(0) > 15, `dark to light: ${lum(0)} … ${lum(LUT_SIZE - 1)}`);
    // The middle is a green-teal: green the strongest channel.
    const [r, g, b] = rampColor(0.55);
    assert.ok(g > r && g > b, `middle ${rampColor(0.55)}`);
  });

  it('maps values on a 0..max scale; NaN, negatives and an empty scale give the bottom', () => {
    assert.equal(colorIndex(0, 1), 0);
    assert.equal(colorIndex(1, 1), 255);
    assert.equal(colorIndex(0.5, 1), 128);
    assert.equal(colorIndex(0.25, 0.5), 128);
    assert.equal(colorIndex(2, 1), 255);
    assert.equal(colorIndex(Number.NaN, 1), 0);
    assert.equal(colorIndex(-1, 1), 0);
    assert.equal(colorIndex(0.5, 0), 0);
    assert.deepEqual(colorOf(lut, 1, 1), rampColor(1));
  });

  it('packs pixels in the byte order ImageData uses', () => {
    const packed = packLut(lut);
    const bytes = new Uint8ClampedArray(packed.buffer);
    assert.deepEqual([...bytes], [...lut]);
  });

  it('the matrix view paints through the table as colorIndex says, cell by cell', () => {
    const lut32 = packLut(lut);
    const matrix = Float32Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 97);
    const pixels = new Uint32Array(64);
    const max = Math.max(...matrix);
    paintRange(matrix, 0, max, lut32, 7, pixels);
    for (let i = 0; i < 64; i++) assert.equal(pixels[i], lut32[colorIndex(matrix[i], max)]);
    paintRange(new Float32Array(64), 0, 0, lut32, 7, pixels);
    assert.ok(pixels.every((p) => p === lut32[0]));
  });
});
