// The attention views' thumbnails and per-head stats, plain and cleaned, served from full tensors
// (serveView) and checked against sums computed here (plain Node); the image they come in, read back
// to the colour scale's indices.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { viewAxis } from '../../../../src/protocol/viewAxis';
import { thumbnailImage } from '../../../../src/engine/views/thumbnails';
import { serveView } from '../../../../src/engine/views/viewServer';
import { buildLut } from '../../../../src/protocol/colorScale';
import { THUMBNAIL_CACHE, type ViewCache } from '../../../../src/engine/views/viewMath';
import { NO_CLEANING, type Cleaning, type ThumbnailsReply } from '../../../../src/protocol/views';
import { f32Data, randomData, toF16, tokensOf } from '../../../../tools/bench/syntheticAttention';
import { close, clean } from './viewSamples';

const LUT = buildLut();
/** The colour scale's index of each RGBA colour (the scale's 256 colours are distinct). */
const INDEX = new Map(Array.from({ length: 256 }, (_, i) => [`${LUT[i * 4]},${LUT[i * 4 + 1]},${LUT[i * 4 + 2]},${LUT[i * 4 + 3]}`, i]));

/** A reply's image read back to bytes, [layer][head][y][x]; a pixel not of the scale reads -1. */
function bytesOf(reply: Pick<ThumbnailsReply, 'layers' | 'heads' | 'size' | 'pixels'>): number[] {
  const { layers, heads, size, pixels } = reply;
  const out: number[] = [];
  for (let l = 0; l < layers; l++)
    for (let h = 0; h < heads; h++)
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const at = ((l * size + y) * heads * size + h * size + x) * 4;
          out.push(INDEX.get(Array.from(pixels.subarray(at, at + 4)).join(',')) ?? -1);
        }
  return out;
}

describe('the thumbnails’ image', () => {
  it('puts head h of layer l at (h·size, l·size), each byte in the colour scale’s colour', () => {
    const [layers, heads, size] = [2, 3, 2];
    const bytes = Uint8Array.from({ length: layers * heads * size * size }, (_, i) => i * 7);
    const image = thumbnailImage(bytes, layers, heads, size);
    assert.equal(image.length, bytes.length * 4);
    // Layer 1, head 2, second row, first pixel: byte ((1·3 + 2)·2 + 1)·2 = 22, at x 4, y 3 of a 6-pixel-wide image.
    const at = (3 * heads * size + 4) * 4;
    assert.deepEqual(Array.from(image.subarray(at, at + 4)), Array.from(LUT.subarray(22 * 7 * 4, 22 * 7 * 4 + 4)));
    assert.deepEqual(bytesOf({ layers, heads, size, pixels: image }), Array.from(bytes));
  });
});

describe('thumbnails and per-head stats', () => {
  const head = [
    [1, 0, 0, 0],
    [0.5, 0.5, 0, 0],
    [0.25, 0.25, 0.5, 0],
    [0.25, 0.25, 0.25, 0.25],
  ];
  const tokens = tokensOf(['[CLS]', 'a', 'b', 'c']);
  for (const [name, data] of [
    ['float32', f32Data([[head]])],
    ['float16', toF16(f32Data([[head]]))],
  ] as const) {
    it(`block-means each head and scales it by its maximum (${name})`, () => {
      const reply = serveView({ data, tokens }, 'thumbnails', { key: 3, size: 2, cleaning: NO_CLEANING });
      assert.equal(reply.size, 2);
      // Cells: mean(1,0,.5,.5)=.5, 0, mean(.25,.25,.25,.25)=.25, mean(.5,0,.25,.25)=.25; max .5.
      assert.deepEqual(bytesOf(reply), [255, 0, 128, 128]);
      // Entropy of the rows: 0, 1, 1.5, 2 bits; previous: .5, .25, .25; to [CLS]: 1, .5, .25, .25; self: 1, .5, .5, .25.
      close(reply.stats, [4.5 / 4, 1 / 3, 2 / 4, 2.25 / 4], 1e-6);
    });
  }

  it('serves at most the axis length per side, cleaned', () => {
    const reply = serveView({ data: f32Data([[head]]), tokens }, 'thumbnails', { key: 3, size: 64, cleaning: clean({ hideSpecial: true }) });
    assert.equal(reply.size, 3);
    // Rows of a, b, c over keys a, b, c renormalised: [1,0,0], [1/3,2/3,0], [1/3,1/3,1/3]; max 1.
    assert.deepEqual(bytesOf(reply), [255, 0, 0, 85, 170, 0, 85, 85, 85]);
  });
});

describe('cleaned thumbnails', () => {
  it('are the block means of the cleaned matrix of each head, scaled by its maximum; stats stay those of the uncleaned heads', () => {
    const data = randomData(2, 3, 23, { seed: 9 });
    const tokens = tokensOf(['[CLS]', ...Array.from({ length: 21 }, (_, i) => (i % 3 === 2 ? '##x' : i % 5 === 0 ? ';' : 'w')), '[SEP]']);
    const cleaning: Cleaning = { hideSpecial: true, mergeSubwords: true, hidePunctuation: true };
    const size = 4;
    const reply = serveView({ data, tokens }, 'thumbnails', { key: 1, size, cleaning });
    close(reply.stats, Array.from(serveView({ data, tokens }, 'thumbnails', { key: 1, size, cleaning: NO_CLEANING }).stats), 1e-5);
    const n = viewAxis(tokens, cleaning).length;
    const bounds = Array.from({ length: size + 1 }, (_, y) => Math.floor((y * n) / size));
    for (let l = 0; l < 2; l++)
      for (let h = 0; h < 3; h++) {
        const m = serveView({ data, tokens }, 'matrix', {
          key: 1,
          layer: l,
          combine: { kind: 'head', head: h },
          stage: 'probs',
          cleaning,
          rows: { start: 0, count: n },
          cols: { start: 0, count: n },
          encoding: 'f32',
        }).data;
        const means: number[] = [];
        for (let y = 0; y < size; y++)
          for (let x = 0; x < size; x++) {
            let sum = 0;
            for (let q = bounds[y]; q < bounds[y + 1]; q++) for (let k = bounds[x]; k < bounds[x + 1]; k++) sum += m[q * n + k];
            means.push(sum / ((bounds[y + 1] - bounds[y]) * (bounds[x + 1] - bounds[x])));
          }
        const top = Math.max(...means);
        const offset = (l * 3 + h) * size * size;
        assert.deepEqual(
          bytesOf(reply).slice(offset, offset + size * size),
          means.map((v) => Math.round((v / top) * 255)),
          `layer ${l} head ${h}`,
        );
      }
  });
});

describe('thumbnails kept with the analysis', () => {
  it('are computed once per size and cleaning; every reply is a copy of its own, equal to a fresh one', () => {
    const data = randomData(2, 3, 23, { seed: 4 });
    const tokens = tokensOf(['[CLS]', ...Array.from({ length: 21 }, (_, i) => (i % 3 === 2 ? '##x' : 'w')), '[SEP]']);
    const cache: ViewCache = {};
    const request = { key: 1, size: 8, cleaning: NO_CLEANING };
    const first = serveView({ data, tokens, cache }, 'thumbnails', request);
    assert.equal(cache.thumbnails?.size, 1);
    // A byte a pixel kept (2 layers × 3 heads × 8²), not the reply's RGBA image: four entries stay under the size viewMath.ts promises.
    assert.equal(
      [...(cache.thumbnails?.values() ?? [])].reduce((n, kept) => n + kept.bytes.length, 0),
      2 * 3 * 8 * 8,
    );
    // The worker transfers a reply's buffers away: what the cache keeps must not be those.
    const copy = Uint8Array.from(first.pixels);
    first.pixels.fill(0);
    first.stats.fill(0);
    const again = serveView({ data, tokens, cache }, 'thumbnails', request);
    assert.deepEqual(again, { ...serveView({ data, tokens }, 'thumbnails', request) });
    assert.deepEqual(Array.from(again.pixels), Array.from(copy));
    assert.notEqual(again.pixels.buffer, first.pixels.buffer);
    // Another key of the same analysis gets its own key back.
    assert.equal(serveView({ data, tokens, cache }, 'thumbnails', { ...request, key: 2 }).key, 2);
    // Another cleaning is another entry; at most THUMBNAIL_CACHE are kept, the least recently used going first.
    for (const cleaning of [{ hideSpecial: true }, { mergeSubwords: true }, { hidePunctuation: true }, {}, { hideSpecial: true, mergeSubwords: true }])
      serveView({ data, tokens, cache }, 'thumbnails', { ...request, cleaning: clean(cleaning) });
    assert.equal(cache.thumbnails?.size, THUMBNAIL_CACHE);
    assert.deepEqual([...(cache.thumbnails?.keys() ?? [])], ['8/010', '8/001', '8/000', '8/110'], 'hiding special tokens, asked longest ago, went');
  });
});
