// Synthetic attention for tests and benchmarks: float32 layers from nested arrays, float16
// bits from numbers, random row-stochastic heads (encoder) or causal ones (decoder), and tokens.
import { floatToHalf, type AttentionData, type TokenInfo } from '../../src/protocol/analysis';
import { seededRandom } from '../../src/protocol/sampling';

/** layers[l][h][q][k] as float32 data. */
export function f32Data(layers: number[][][][], scores: number[][][][] | null = null): AttentionData {
  const flat = (l: number[][][]): Float32Array => Float32Array.from(l.flat(2));
  return {
    layers: layers.length,
    heads: layers[0].length,
    length: layers[0][0].length,
    precision: 'float32',
    probs: layers.map(flat),
    scores: scores ? scores.map(flat) : null,
  };
}

/** The same data with float16 bits. */
export function toF16(data: AttentionData): AttentionData {
  const half = (l: Float32Array | Uint16Array): Uint16Array => Uint16Array.from(l, (v) => floatToHalf(v));
  return { ...data, precision: 'float16', probs: data.probs.map(half), scores: data.scores ? data.scores.map(half) : null };
}

/** Random attention rows (softmax of random scores), causal for a decoder, float16 or float32. */
export function randomData(
  layers: number,
  heads: number,
  t: number,
  options: { decoder?: boolean; precision?: 'float16' | 'float32'; seed?: number } = {},
): AttentionData {
  const next = seededRandom(options.seed ?? 1);
  const half = options.precision !== 'float32';
  const probs = Array.from({ length: layers }, () => {
    const out = half ? new Uint16Array(heads * t * t) : new Float32Array(heads * t * t);
    const row = new Float64Array(t);
    for (let h = 0; h < heads; h++)
      for (let q = 0; q < t; q++) {
        const end = options.decoder ? q + 1 : t;
        let sum = 0;
        for (let k = 0; k < end; k++) sum += row[k] = Math.exp(4 * next());
        for (let k = 0; k < end; k++) out[(h * t + q) * t + k] = half ? floatToHalf(row[k] / sum) : row[k] / sum;
      }
    return out;
  });
  return { layers, heads, length: t, precision: half ? 'float16' : 'float32', probs, scores: null };
}

/** Tokens from texts: `[X]`-style texts are special; `##x` continues the previous word. */
export function tokensOf(texts: readonly string[]): TokenInfo[] {
  let word = -1;
  return texts.map((text, i): TokenInfo => {
    const special = /^\[.*\]$|^<\|.*\|>$/.test(text);
    if (!special && !text.startsWith('##')) word++;
    return { text, id: i, special, masked: false, start: null, end: null, word: special ? null : word };
  });
}
