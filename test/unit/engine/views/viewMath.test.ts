// The attention views' cleaning, head combinations, rollout and scores with the causal mask, served
// from full tensors (serveView), each against a small case computed by hand (plain Node).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attentionAt, type AttentionData } from '../../../../src/protocol/analysis';
import { isPunctuationToken, viewAxis } from '../../../../src/protocol/viewAxis';
import { rolloutMatrix } from '../../../../src/engine/views/viewMath';
import { serveView } from '../../../../src/engine/views/viewServer';
import { NO_CLEANING, type Cleaning } from '../../../../src/protocol/views';
import { f32Data, randomData, toF16, tokensOf } from '../../../../tools/bench/syntheticAttention';
import { close, clean, small, smallTokens } from './viewSamples';

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
    // Punctuation beyond ASCII as byte-level pieces: Spanish ¿ ¡ « », curly quotes, a dash, an ellipsis.
    for (const text of ['Âł', 'Â¡', 'ĠÂ«', 'Â»', 'âĢľ', 'âĢĿ', 'ĠâĢĶ', 'âĢ¦', 'Ā', 'ĠÂł'])
      assert.ok(isPunctuationToken({ text, special: false }, true), `${text} is punctuation, symbols or blank`);
    for (const text of ['ÃŃo', 'ĠÃ±', 'Ã', 'æĹ¥']) assert.ok(!isPunctuationToken({ text, special: false }, true), `${text} is not`);
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
