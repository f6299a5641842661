// The webview's DOM-free helpers in plain Node: the colour table, heatmap arithmetic (cell size,
// hit-testing, label thinning, painting), token labels and number formats, keyboard movement,
// and saved state.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildLut, colorIndex, colorOf, luminance, LUT_SIZE, packLut, rampColor } from '../../webview/colorScale';
import { barWidth, formatBits, formatPercent, formatRange, isByteLevel, tokenLabel, tokenLabels, tokenSource } from '../../webview/format';
import { cellSize, hitTest, labelPositions, labelStride, matrixMax, paintMatrix } from '../../webview/heatmapMath';
import { moveInGrid, moveInList } from '../../webview/navigation';
import { openingState, parsePanelState } from '../../webview/panelState';

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

  it('paintMatrix agrees with colorIndex cell by cell', () => {
    const lut32 = packLut(lut);
    const matrix = Float32Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 97);
    const pixels = new Uint32Array(64);
    const max = matrixMax(matrix);
    paintMatrix(matrix, max, lut32, pixels);
    for (let i = 0; i < 64; i++) assert.equal(pixels[i], lut32[colorIndex(matrix[i], max)]);
    paintMatrix(new Float32Array(64), 0, lut32, pixels);
    assert.ok(pixels.every((p) => p === lut32[0]));
  });
});

describe('heatmap arithmetic', () => {
  it('cell size is whole device pixels, at least one, at most the cap', () => {
    assert.equal(cellSize(600, 6, 1), 28);
    assert.equal(cellSize(600, 512, 1), 1);
    assert.equal(cellSize(600, 512, 2), 1);
    assert.equal(cellSize(300, 512, 1), 1, 'never below one device pixel (the frame scrolls)');
    assert.equal(cellSize(300, 512, 2), 0.5);
    assert.equal(cellSize(100, 30, 1.5), 5 / 1.5, '3.33 CSS px fit: 5 device pixels');
    for (const dpr of [1, 1.25, 1.5, 2, 3]) {
      for (const t of [3, 17, 128, 512]) {
        const c = cellSize(700, t, dpr);
        assert.ok(Math.abs(c * dpr - Math.round(c * dpr)) < 1e-9 && c * dpr >= 1, `dpr ${dpr}, T ${t}: ${c}`);
        assert.ok(c * t <= 700 || c * dpr === 1);
      }
    }
    assert.equal(cellSize(600, 6, Number.NaN), 28);
  });

  it('hit-testing maps points to cells and refuses points outside', () => {
    assert.deepEqual(hitTest(0, 0, 60, 60, 6), { query: 0, key: 0 });
    assert.deepEqual(hitTest(25, 35, 60, 60, 6), { query: 3, key: 2 });
    assert.deepEqual(hitTest(59.99, 59.99, 60, 60, 6), { query: 5, key: 5 });
    assert.deepEqual(hitTest(300.5, 200.5, 512, 512, 512), { query: 200, key: 300 });
    assert.deepEqual(hitTest(150.25, 100.25, 256, 256, 512), { query: 200, key: 300 }, 'half a CSS pixel per cell');
    assert.equal(hitTest(60, 10, 60, 60, 6), null);
    assert.equal(hitTest(-0.1, 10, 60, 60, 6), null);
    assert.equal(hitTest(10, 10, 0, 60, 6), null);
    assert.equal(hitTest(10, 10, 60, 60, 0), null);
  });

  it('labels thin out to a round stride and keep the focused one', () => {
    assert.equal(labelStride(28, 14), 1);
    assert.equal(labelStride(10, 14), 2);
    assert.equal(labelStride(1, 14), 20);
    assert.equal(labelStride(0.5, 14), 50);
    assert.equal(labelStride(0.001, 14), 14000);
    assert.deepEqual(labelPositions(6, 1), [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(labelPositions(100, 20), [0, 20, 40, 60, 80]);
    assert.deepEqual(labelPositions(100, 20, 47), [0, 20, 47, 80]);
    assert.deepEqual(labelPositions(100, 20, 40), [0, 20, 40, 60, 80]);
  });

  it('the maximum ignores NaN and infinity', () => {
    assert.equal(matrixMax([0.1, Number.NaN, 0.7, Number.POSITIVE_INFINITY, 0.3]), 0.7);
    assert.equal(matrixMax([]), 0);
  });
});

describe('token labels and formats', () => {
  it('decodes byte-level tokens and makes whitespace visible', () => {
    assert.equal(tokenLabel('Ġthe', true), '␣the');
    assert.equal(tokenLabel('ĊĠĠĠ', true), '↵␣␣␣');
    assert.equal(tokenLabel('Ċĉĉ', true), '↵⇥⇥');
    assert.equal(tokenSource('ĠestÃ¡', true), ' está');
    assert.equal(tokenLabel('ĠÃ', true), '␣Ã', 'half a character stays as the vocabulary writes it');
    assert.equal(tokenLabel('[CLS]', true), '[CLS]');
    assert.equal(tokenLabel('', true), '∅');
  });

  it('leaves WordPiece text alone, except SentencePiece spaces', () => {
    assert.equal(tokenLabel('##ing', false), '##ing');
    assert.equal(tokenLabel('café', false), 'café');
    assert.equal(tokenLabel('▁word', false), '␣word');
    assert.equal(tokenLabel('<img src=x>', false), '<img␣src=x>');
  });

  it('detects byte-level vocabularies by their space and newline characters', () => {
    assert.equal(isByteLevel([{ text: '[CLS]', special: true }, { text: 'Ġthe', special: false }]), true);
    assert.equal(isByteLevel([{ text: '[CLS]', special: true }, { text: 'the', special: false }, { text: '##ing', special: false }]), false);
  });

  it('formats ranges 1-based, percentages, bits and bar widths', () => {
    assert.equal(formatRange({ startLine: 0, startCharacter: 6, endLine: 0, endCharacter: 12 }), '1:7–1:13');
    assert.equal(formatRange(null), 'no source (special token)');
    assert.deepEqual([0.412, 0.2, 1, 0.0004, 0.00001, 0, Number.NaN].map(formatPercent), ['41.2%', '20.0%', '100.0%', '0.04%', '<0.01%', '0%', '—']);
    assert.equal(formatBits(5), '5.00 bits');
    assert.deepEqual([0.5, 1.5, -1, Number.NaN].map(barWidth), ['50.00%', '100.00%', '0.00%', '0.00%']);
  });
});

describe('keyboard movement', () => {
  it('moves in a list, clamped at the ends', () => {
    assert.equal(moveInList(2, 'ArrowRight', 6), 3);
    assert.equal(moveInList(2, 'ArrowUp', 6), 1);
    assert.equal(moveInList(5, 'ArrowRight', 6), 5);
    assert.equal(moveInList(0, 'ArrowLeft', 6), 0);
    assert.equal(moveInList(3, 'Home', 6), 0);
    assert.equal(moveInList(3, 'End', 6), 5);
    assert.equal(moveInList(3, 'PageDown', 100), 13);
    assert.equal(moveInList(3, 'PageUp', 100), 0);
    assert.equal(moveInList(3, 'a', 6), null);
    assert.equal(moveInList(0, 'ArrowRight', 0), null);
  });

  it('moves in a grid: left/right keys, up/down queries', () => {
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'ArrowRight', 6), { query: 2, key: 3 });
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'ArrowDown', 6), { query: 3, key: 2 });
    assert.deepEqual(moveInGrid({ query: 0, key: 0 }, 'ArrowUp', 6), { query: 0, key: 0 });
    assert.deepEqual(moveInGrid({ query: 2, key: 2 }, 'End', 6), { query: 2, key: 5 });
    assert.equal(moveInGrid({ query: 2, key: 2 }, 'x', 6), null);
  });
});

describe('saved panel state', () => {
  it('accepts only its own shape', () => {
    assert.deepEqual(parsePanelState({ analysisId: 3, layer: 1, head: null, token: 2 }), { analysisId: 3, layer: 1, head: null, token: 2 });
    for (const bad of [undefined, null, 'x', { analysisId: -1, layer: 0, head: null, token: null }, { analysisId: 1, layer: 0, head: '1', token: null }, { analysisId: 1, layer: 0.5, head: null, token: null }]) {
      assert.equal(parsePanelState(bad), null, JSON.stringify(bad));
    }
  });

  it('reopens the saved place only for the same analysis, and only where it fits', () => {
    const a = { id: 7, layer: 0, head: 0, layers: 2, heads: 2, tokens: 6 };
    assert.deepEqual(openingState({ analysisId: 7, layer: 1, head: null, token: 3 }, a), { analysisId: 7, layer: 1, head: null, token: 3 });
    assert.deepEqual(openingState({ analysisId: 6, layer: 1, head: null, token: 3 }, a), { analysisId: 7, layer: 0, head: 0, token: null });
    assert.deepEqual(openingState({ analysisId: 7, layer: 5, head: null, token: 3 }, a), { analysisId: 7, layer: 0, head: 0, token: null });
    assert.deepEqual(openingState({ analysisId: 7, layer: 1, head: 1, token: 60 }, a), { analysisId: 7, layer: 1, head: 1, token: null });
    assert.deepEqual(openingState(null, a), { analysisId: 7, layer: 0, head: 0, token: null });
  });
});

describe('tokenLabels', () => {
  it('decodes a character split over byte-level tokens together and labels each part', () => {
    // "atención": ... "Ã" "³" are the two UTF-8 bytes of "ó" in GPT-2's byte alphabet.
    const tokens = ['Ġat', 'enci', 'Ã', '³', 'n', '[SEP]'].map((text) => ({ text, special: text === '[SEP]' }));
    assert.deepEqual(tokenLabels(tokens, true), ['␣at', 'enci', 'ó[1/2]', 'ó[2/2]', 'n', '[SEP]']);
    assert.deepEqual(tokenLabels([{ text: 'Ã', special: false }], true), ['Ã'], 'a lone piece keeps its raw form');
    assert.deepEqual(tokenLabels([{ text: '##ing', special: false }], false), ['##ing']);
  });
});
