// The attention views' data path, served from full tensors (serveView): cleaning, head
// combinations, rollout, scores with the causal mask, windows, downsampling, quantisation,
// thumbnails, per-head stats and links, each against a small case computed by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attentionAt, floatToHalf, halfToFloat, type AttentionData } from '../../../../src/protocol/analysis';
import { isPunctuationToken, viewAxis } from '../../../../src/protocol/viewAxis';
import { downsample, quantise, rolloutMatrix, topLinks, valueRange } from '../../../../src/engine/views/viewMath';
import { replyBuffers, serveView } from '../../../../src/engine/views/viewServer';
import { NO_CLEANING, type Cleaning } from '../../../../src/protocol/views';
import { f32Data, randomData, toF16, tokensOf } from '../../../../tools/bench/syntheticAttention';

const close = (actual: ArrayLike<number>, expected: readonly number[], tolerance = 1e-6): void => {
  assert.equal(actual.length, expected.length, `length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `[${i}] ${actual[i]} ≠ ${expected[i]}`);
};
const clean = (c: Partial<Cleaning>): Cleaning => ({ ...NO_CLEANING, ...c });

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
const small = f32Data([[L0[0], L0[0]], L1]);
const smallTokens = tokensOf(['a', 'b', 'c']);

describe('attention rollout', () => {
  // Â0 = .5·A0 + .5·I = [[1,0,0],[.25,.75,0],[.125,.125,.75]]
  // Â1 = .5·mean(L1) + .5·I = [[1,0,0],[.5,.5,0],[0,.25,.75]]
  // R1 = Â1·Â0: row 1 = .5·[1,0,0] + .5·[.25,.75,0]; row 2 = .25·[.25,.75,0] + .75·[.125,.125,.75]
  const R0 = [1, 0, 0, 0.25, 0.75, 0, 0.125, 0.125, 0.75];
  const R1 = [1, 0, 0, 0.625, 0.375, 0, 0.15625, 0.28125, 0.5625];

  it('is 0.5·A + 0.5·I of the mean over heads at layer 0 and the product through layer 1', () => {
    close(rolloutMatrix(small, 0), R0);
    close(rolloutMatrix(small, 1), R1);
  });

  it('serves rollout matrices and rows, the same in float16, reusing its cache', () => {
    const cache = {};
    for (const data of [small, toF16(small)]) {
      const m = serveView({ data, tokens: smallTokens, cache: data === small ? cache : undefined }, 'matrix', {
        key: 1,
        layer: 1,
        combine: { kind: 'rollout' },
        stage: 'probs',
        cleaning: NO_CLEANING,
        rows: { start: 0, count: 3 },
        cols: { start: 0, count: 3 },
        encoding: 'f32',
      });
      close(m.data, R1);
      const row = serveView({ data, tokens: smallTokens }, 'row', { key: 1, layer: 1, combine: { kind: 'rollout' }, cleaning: NO_CLEANING, query: 2 });
      close(row.weights, R1.slice(6));
    }
    assert.equal((cache as { rollout: unknown[] }).rollout.length, 2, 'both layers are kept');
  });

  it('cleans after rollout: hiding token 0 renormalises the rollout rows over the kept keys', () => {
    const tokens = tokensOf(['[CLS]', 'b', 'c']);
    const row = serveView({ data: small, tokens }, 'row', { key: 1, layer: 1, combine: { kind: 'rollout' }, cleaning: clean({ hideSpecial: true }), query: 1 });
    // Row 2 of R1 over keys 1, 2: [.28125, .5625] / .84375.
    close(row.weights, [0.28125 / 0.84375, 0.5625 / 0.84375]);
  });
});

describe('cleaning', () => {
  // [CLS] un ##do [SEP], one head.
  const tokens = tokensOf(['[CLS]', 'un', '##do', '[SEP]']);
  const head = [
    [0.1, 0.2, 0.3, 0.4],
    [0.25, 0.25, 0.25, 0.25],
    [0.4, 0.15, 0.05, 0.4],
    [0, 0.5, 0.5, 0],
  ];
  const data = f32Data([[head]]);
  const matrix = (cleaning: Cleaning): number[] =>
    Array.from(
      serveView({ data, tokens }, 'matrix', {
        key: 1,
        layer: 0,
        combine: { kind: 'head', head: 0 },
        stage: 'probs',
        cleaning,
        rows: { start: 0, count: 99 },
        cols: { start: 0, count: 99 },
        encoding: 'f32',
      }).data,
    );

  it('merges subwords: sum over keys, mean over queries', () => {
    // Row "undo" = mean of [.25, .5, .25] and [.4, .2, .4].
    close(matrix(clean({ mergeSubwords: true })), [0.1, 0.5, 0.4, 0.325, 0.35, 0.325, 0, 1, 0]);
  });

  it('hides special tokens and renormalises each row over the kept keys', () => {
    close(matrix(clean({ hideSpecial: true })), [0.5, 0.5, 0.75, 0.25]);
  });

  it('hides, then merges: the one word left attends only to itself', () => {
    close(matrix(clean({ hideSpecial: true, mergeSubwords: true })), [1]);
  });

  it('hides punctuation, symbols and whitespace-only tokens, never special ones', () => {
    assert.ok(isPunctuationToken({ text: ';', special: false }, false));
    assert.ok(isPunctuationToken({ text: '##,', special: false }, false));
    assert.ok(isPunctuationToken({ text: 'Ġ=', special: false }, true));
    assert.ok(isPunctuationToken({ text: 'Ċ', special: false }, true));
    assert.ok(isPunctuationToken({ text: '▁', special: false }, false));
    assert.ok(!isPunctuationToken({ text: 'Ġx', special: false }, true));
    assert.ok(!isPunctuationToken({ text: 'Ā', special: false }, false), 'a letter outside byte-level vocabularies');
    assert.ok(!isPunctuationToken({ text: '[SEP]', special: true }, false));
    const axis = viewAxis(tokensOf(['[CLS]', 'x', '=', '1', ';', '[SEP]']), clean({ hidePunctuation: true }));
    assert.deepEqual(axis.groups, [[0], [1], [3], [5]]);
    assert.deepEqual(Array.from(axis.entryOf), [0, 1, -1, 2, -1, 3]);
  });

  it('keeps the axis the identity without cleaning', () => {
    const axis = viewAxis(tokens, NO_CLEANING);
    assert.ok(axis.identity);
    assert.equal(axis.length, 4);
  });
});

/** One query's row of one head, or the mean or max over heads, read weight by weight from the tensors (float64). */
function referenceRow(data: AttentionData, layer: number, heads: number | 'mean' | 'max', query: number): number[] {
  const chosen = typeof heads === 'number' ? [heads] : Array.from({ length: data.heads }, (_, h) => h);
  return Array.from({ length: data.length }, (_, k) => {
    const w = chosen.map((h) => attentionAt(data, layer, h, query, k));
    return heads === 'max' ? Math.max(...w) : w.reduce((a, b) => a + b, 0) / w.length;
  });
}

describe('head combinations agree with a weight-by-weight reference', () => {
  const data = randomData(2, 3, 7, { seed: 5 });
  const tokens = tokensOf(['[CLS]', 'a', 'b', 'c', 'd', 'e', '[SEP]']);
  for (const [name, combine, heads] of [
    ['head 1', { kind: 'head', head: 1 }, 1],
    ['mean', { kind: 'mean' }, 'mean'],
    ['max', { kind: 'max' }, 'max'],
  ] as const) {
    it(name, () => {
      for (let q = 0; q < 7; q++) {
        const row = serveView({ data, tokens }, 'row', { key: 1, layer: 1, combine, cleaning: NO_CLEANING, query: q });
        close(row.weights, referenceRow(data, 1, heads, q));
      }
    });
  }

  it('a set of heads is the mean of those heads', () => {
    const row = serveView({ data, tokens }, 'row', { key: 1, layer: 0, combine: { kind: 'set', heads: [0, 2] }, cleaning: NO_CLEANING, query: 3 });
    const a = referenceRow(data, 0, 0, 3);
    const b = referenceRow(data, 0, 2, 3);
    close(
      row.weights,
      a.map((v, k) => (v + b[k]) / 2),
    );
  });

  it('refuses heads, layers and queries outside the analysis', () => {
    const bad = (f: () => unknown): void => assert.throws(f, (e: unknown) => (e as { code?: string }).code === 'bad-input');
    bad(() => serveView({ data, tokens }, 'row', { key: 1, layer: 2, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: 0 }));
    bad(() => serveView({ data, tokens }, 'row', { key: 1, layer: 0, combine: { kind: 'head', head: 3 }, cleaning: NO_CLEANING, query: 0 }));
    bad(() => serveView({ data, tokens }, 'row', { key: 1, layer: 0, combine: { kind: 'mean' }, cleaning: clean({ hideSpecial: true }), query: 5 }));
    bad(() =>
      serveView({ data, tokens }, 'matrix', {
        key: 1,
        layer: 0,
        combine: { kind: 'head', head: 0 },
        stage: 'scores',
        cleaning: NO_CLEANING,
        rows: { start: 0, count: 2 },
        cols: { start: 0, count: 2 },
        encoding: 'f32',
      }),
    );
  });
});

describe('windows, downsampling and quantisation', () => {
  it('block-means a 3 × 5 matrix in 2 × 2 blocks, edges averaging what they hold', () => {
    const values = Float64Array.from({ length: 15 }, (_, i) => i);
    const { data, height, width } = downsample(values, 3, 5, 2);
    assert.equal(height, 2);
    assert.equal(width, 3);
    close(data, [3, 5, 6.5, 10.5, 12.5, 14]);
    const masked = downsample(Float64Array.from([-Infinity, -Infinity, 1, -Infinity]), 2, 2, 1);
    assert.equal(masked.data[0], -Infinity);
    assert.equal(downsample(Float64Array.from([-Infinity, -Infinity, 1, -Infinity]), 2, 2, 2).data[0], 1);
  });

  it('maps [min, max] onto bytes, keeping 0 for masked cells when there are some', () => {
    assert.deepEqual(Array.from(quantise([0, 0.5, 1], 0, 1, false)), [0, 128, 255]);
    assert.deepEqual(Array.from(quantise([-Infinity, 2, 4], 2, 4, true)), [0, 1, 255]);
    assert.deepEqual(valueRange([-Infinity, 2, 4]), { min: 2, max: 4, masked: true });
  });

  it('clips the window to the axis and downsamples to maxSide', () => {
    const head = Array.from({ length: 4 }, (_, q) => Array.from({ length: 4 }, (_, k) => q * 4 + k));
    const data = f32Data([[head]]);
    const reply = serveView({ data, tokens: tokensOf(['a', 'b', 'c', 'd']) }, 'matrix', {
      key: 9,
      layer: 0,
      combine: { kind: 'head', head: 0 },
      stage: 'probs',
      cleaning: NO_CLEANING,
      rows: { start: 1, count: 10 },
      cols: { start: 0, count: 4 },
      maxSide: 2,
      encoding: 'u8',
    });
    assert.deepEqual(reply.rows, { start: 1, count: 3 });
    assert.equal(reply.block, 2);
    assert.equal(reply.height, 2);
    assert.equal(reply.width, 2);
    // Cells: mean(4,5,8,9)=6.5, mean(6,7,10,11)=8.5, mean(12,13)=12.5, mean(14,15)=14.5; range 6.5..14.5.
    assert.equal(reply.min, 6.5);
    assert.equal(reply.max, 14.5);
    assert.deepEqual(Array.from(reply.data), [0, Math.round(255 / 4), Math.round((6 * 255) / 8), 255]);
    assert.equal(reply.axisLength, 4);
    assert.equal(replyBuffers(reply)[0], reply.data.buffer);
  });
});

describe('scores before softmax', () => {
  const probs = [
    [
      [1, 0, 0],
      [0.5, 0.5, 0],
      [0.2, 0.3, 0.5],
    ],
  ];
  const scores = [
    [
      [2, -3.4e38, -3.4e38],
      [1, 1, -1e4],
      [-1, 0.5, 1],
    ],
  ];
  const request = {
    key: 1,
    layer: 0,
    combine: { kind: 'head', head: 0 },
    stage: 'scores',
    cleaning: NO_CLEANING,
    rows: { start: 0, count: 3 },
    cols: { start: 0, count: 3 },
  } as const;
  for (const [name, data] of [
    ['float32', f32Data([probs], [scores])],
    ['float16', toF16(f32Data([probs], [scores]))],
  ] as const) {
    it(`keeps the causal mask recognisable (${name})`, () => {
      const f = serveView({ data, tokens: smallTokens }, 'matrix', { ...request, encoding: 'f32' });
      assert.deepEqual(Array.from(f.data), [2, -Infinity, -Infinity, 1, 1, -Infinity, -1, 0.5, 1]);
      assert.equal(f.masked, true);
      assert.equal(f.min, -1);
      assert.equal(f.max, 2);
      const u = serveView({ data, tokens: smallTokens }, 'matrix', { ...request, encoding: 'u8' });
      // Finite values on 1..255: −1 → 1, 2 → 255, 1 → 1 + 254·2/3, 0.5 → 1 + 254/2.
      assert.deepEqual(Array.from(u.data), [255, 0, 0, 170, 170, 0, 1, 128, 170]);
    });
  }

  it('refuses combined heads', () => {
    assert.throws(
      () => serveView({ data: f32Data([probs], [scores]), tokens: smallTokens }, 'matrix', { ...request, combine: { kind: 'mean' }, encoding: 'f32' }),
      /one head/,
    );
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
      assert.deepEqual(Array.from(reply.data), [255, 0, 128, 128]);
      // Entropy of the rows: 0, 1, 1.5, 2 bits; previous: .5, .25, .25; to [CLS]: 1, .5, .25, .25; self: 1, .5, .5, .25.
      close(reply.stats, [4.5 / 4, 1 / 3, 2 / 4, 2.25 / 4], 1e-6);
    });
  }

  it('serves at most the axis length per side, cleaned', () => {
    const reply = serveView({ data: f32Data([[head]]), tokens }, 'thumbnails', { key: 3, size: 64, cleaning: clean({ hideSpecial: true }) });
    assert.equal(reply.size, 3);
    // Rows of a, b, c over keys a, b, c renormalised: [1,0,0], [1/3,2/3,0], [1/3,1/3,1/3]; max 1.
    assert.deepEqual(Array.from(reply.data), [255, 0, 0, 85, 170, 0, 85, 85, 85]);
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
          Array.from(reply.data.subarray(offset, offset + size * size)),
          means.map((v) => Math.round((v / top) * 255)),
          `layer ${l} head ${h}`,
        );
      }
  });
});

describe('links', () => {
  it('keeps the top k per query at or above the threshold, ties to the earlier key', () => {
    const m = Float64Array.from([0.5, 0.3, 0.2, 0.1, 0.1, 0.8, 0.4, 0.4, 0.2]);
    const links = topLinks(m, 3, 3, 2, 0.2);
    assert.deepEqual(Array.from(links.query), [0, 0, 1, 2, 2]);
    assert.deepEqual(Array.from(links.keyIndex), [0, 1, 2, 0, 1]);
    close(links.weight, [0.5, 0.3, 0.8, 0.4, 0.4]);
  });

  it('serves one list per head selection', () => {
    const reply = serveView({ data: small, tokens: smallTokens }, 'links', {
      key: 1,
      layer: 1,
      heads: [{ kind: 'head', head: 0 }, { kind: 'mean' }],
      cleaning: NO_CLEANING,
      topK: 1,
      threshold: 0.1,
    });
    assert.equal(reply.lists.length, 2);
    assert.deepEqual(Array.from(reply.lists[0].keyIndex), [0, 0, 1]);
    assert.deepEqual(Array.from(reply.lists[1].keyIndex), [0, 0, 1]);
    close(reply.lists[1].weight, [1, 1, 0.5]);
  });
});

describe('float16 and float32 agree', () => {
  it('on a cleaned, downsampled mean matrix of a random decoder', () => {
    const f16: AttentionData = randomData(2, 4, 40, { decoder: true, seed: 3 });
    const f32: AttentionData = { ...f16, precision: 'float32', probs: f16.probs.map((l) => Float32Array.from(l, (b) => halfToFloat(b))) };
    const tokens = tokensOf(['[CLS]', ...Array.from({ length: 38 }, (_, i) => (i % 3 === 1 ? '##x' : i % 5 === 0 ? ';' : 'w')), '[SEP]']);
    const request = {
      key: 1,
      layer: 1,
      combine: { kind: 'mean' },
      stage: 'probs',
      cleaning: { hideSpecial: true, mergeSubwords: true, hidePunctuation: true },
      rows: { start: 0, count: 40 },
      cols: { start: 0, count: 40 },
      maxSide: 8,
      encoding: 'f32',
    } as const;
    const a = serveView({ data: f16, tokens }, 'matrix', request);
    const b = serveView({ data: f32, tokens }, 'matrix', request);
    close(a.data, Array.from(b.data));
    assert.ok(a.block > 1);
  });
});

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
