/**
 * The arithmetic of one attention head for one query, step by step (pure: browser and Node), as the
 * Q/K/V inspector shows it: for each key j, q ⊙ k_j, the dot product q·k_j, ×scale, the mask (a
 * decoder's keys after the query are −∞), the softmax weight a_j, and a_j·v_j; the head's output is
 * Σ_j a_j·v_j. Sums run in float64, the softmax subtracts the largest score first. Also the
 * diverging colour scale the vectors are drawn with.
 *
 *   const b = breakdown(reply, true);   // a decoder: keys after the query masked
 *   b.rows[2].weight;                   // equals the matrix cell (layer, head, query, key 2)
 */
import type { QkvWindowReply } from '../../src/protocol/inside';
import type { Rgb } from '../../src/protocol/colorScale';

export interface KeyStep {
  readonly key: number;
  /** q ⊙ k_j, [headDim] */
  readonly product: Float32Array;
  /** q·k_j */
  readonly dot: number;
  /** q·k_j × scale */
  readonly scaled: number;
  /** The key is after the query under a causal mask: its score is −∞ and its weight 0. */
  readonly masked: boolean;
  /** softmax over the unmasked scaled scores */
  readonly weight: number;
  /** a_j · v_j, [headDim] */
  readonly weighted: Float32Array;
}

export interface Breakdown {
  readonly layer: number;
  readonly head: number;
  readonly query: number;
  readonly headDim: number;
  readonly scale: number;
  readonly q: Float32Array;
  readonly k: Float32Array;
  readonly v: Float32Array;
  readonly rows: readonly KeyStep[];
  /** Σ_j a_j·v_j, [headDim] */
  readonly output: Float32Array;
  /** The largest |value| of each column's vectors, the end of its colour scale. */
  readonly ranges: {
    readonly k: number;
    readonly v: number;
    readonly product: number;
    readonly weighted: number;
    readonly q: number;
    readonly output: number;
  };
}

const maxAbs = (a: ArrayLike<number>, from = 0, to = a.length): number => {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

export function breakdown(reply: QkvWindowReply, causal: boolean): Breakdown {
  const { length: T, headDim: d, q, k, v, scale, query } = reply;
  const steps: { product: Float32Array; dot: number; scaled: number; masked: boolean }[] = [];
  let top = -Infinity;
  for (let j = 0; j < T; j++) {
    const product = new Float32Array(d);
    let dot = 0;
    for (let e = 0; e < d; e++) {
      const x = q[e] * k[j * d + e];
      product[e] = x;
      dot += x;
    }
    const masked = causal && j > query;
    const scaled = dot * scale;
    if (!masked) top = Math.max(top, scaled);
    steps.push({ product, dot, scaled, masked });
  }
  let sum = 0;
  for (const s of steps) if (!s.masked) sum += Math.exp(s.scaled - top);
  const output = new Float64Array(d);
  const rows: KeyStep[] = steps.map((s, j) => {
    const weight = s.masked ? 0 : Math.exp(s.scaled - top) / sum;
    const weighted = new Float32Array(d);
    for (let e = 0; e < d; e++) {
      weighted[e] = weight * v[j * d + e];
      output[e] += weight * v[j * d + e];
    }
    return { key: j, ...s, weight, weighted };
  });
  const unmasked = rows.filter((r) => !r.masked);
  return {
    layer: reply.layer,
    head: reply.head,
    query,
    headDim: d,
    scale,
    q,
    k,
    v,
    rows,
    output: Float32Array.from(output),
    ranges: {
      k: maxAbs(k),
      v: maxAbs(v),
      product: Math.max(0, ...unmasked.map((r) => maxAbs(r.product))),
      weighted: Math.max(0, ...unmasked.map((r) => maxAbs(r.weighted))),
      q: maxAbs(q),
      output: maxAbs(output),
    },
  };
}

/** The diverging scale's ends and middle: purple (negative), a light neutral (0), orange (positive) — readable without red–green vision. */
const NEGATIVE: Rgb = [94, 60, 153];
const ZERO: Rgb = [240, 240, 240];
const POSITIVE: Rgb = [230, 97, 1];

/** The colour of `value` on a scale from −range to +range (0: the neutral middle; beyond the range: the ends). */
export function divergingColor(value: number, range: number): Rgb {
  const u = range > 0 && Number.isFinite(value) ? Math.max(-1, Math.min(1, value / range)) : 0;
  const end = u < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(u);
  return [0, 1, 2].map((i) => Math.round(ZERO[i] + (end[i] - ZERO[i]) * a)) as unknown as Rgb;
}

/** Pixels per vector component in a strip of `d` components: the strip stays within `width` px, at least 1 px each. */
export function cellWidth(d: number, width = 64): number {
  return Math.max(1, Math.min(8, Math.floor(width / Math.max(1, d))));
}

/** The grid's strip columns (k, q ⊙ k, v, a·v): the part of its width that can narrow. */
export const STRIP_COLUMNS = 4;

/**
 * The pixels per component that take `overflow` px off a grid whose strips are `cell` px a component
 * (d components each), so that its last column is seen without scrolling sideways; never under 1 px
 * (then the grid scrolls: the numbers' columns do not narrow).
 */
export function fitCell(d: number, cell: number, overflow: number): number {
  if (!(overflow > 0)) return cell;
  const strips = STRIP_COLUMNS * Math.max(1, d);
  return Math.max(1, Math.min(cell, Math.floor((strips * cell - overflow) / strips)));
}

/** The largest difference between the softmax column and the attention the engine returned for the same row. */
export function largestDifference(rows: readonly KeyStep[], matrixRow: ArrayLike<number>): number {
  let worst = 0;
  for (const r of rows) worst = Math.max(worst, Math.abs(r.weight - (matrixRow[r.key] ?? Number.NaN)));
  return Number.isNaN(worst) ? Infinity : worst;
}
