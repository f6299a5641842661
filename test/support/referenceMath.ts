// The float64 building blocks of the reference forward passes (Node, tests only): dense layers, the norms, the
// activations and multi-head attention (grouped KV heads included) in plain loops, over weights read by name.
// They share no code with the fixture generator or the engine.

/** torch.finfo(torch.float32).min: the additive mask value transformers uses and the fixtures copy. */
export const MASK_MIN = -3.4028234663852886e38;

export interface Weight {
  readonly dims: number[];
  readonly data: Float64Array;
}

export function get(w: ReadonlyMap<string, Weight>, name: string): Weight {
  const t = w.get(name);
  if (!t) throw new Error(`reference: initializer ${name} not found`);
  return t;
}

/** x [T, in] · W [in, out] (+ b). */
export function dense(x: Float64Array, T: number, W: Weight, b?: Weight): Float64Array {
  const [nIn, nOut] = W.dims;
  const y = new Float64Array(T * nOut);
  for (let t = 0; t < T; t++) {
    for (let o = 0; o < nOut; o++) {
      let s = b ? b.data[o] : 0;
      for (let i = 0; i < nIn; i++) s += x[t * nIn + i] * W.data[i * nOut + o];
      y[t * nOut + o] = s;
    }
  }
  return y;
}

export function layerNorm(x: Float64Array, T: number, gamma: Weight, beta: Weight, eps: number): Float64Array {
  const H = gamma.data.length;
  const y = new Float64Array(x.length);
  for (let t = 0; t < T; t++) {
    let mean = 0;
    for (let i = 0; i < H; i++) mean += x[t * H + i];
    mean /= H;
    let v = 0;
    for (let i = 0; i < H; i++) v += (x[t * H + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / H + eps);
    for (let i = 0; i < H; i++) y[t * H + i] = (x[t * H + i] - mean) * inv * gamma.data[i] + beta.data[i];
  }
  return y;
}

/** RMSNorm: x / sqrt(mean(x²) + eps) · gamma. */
export function rmsNorm(x: Float64Array, T: number, gamma: Weight, eps: number): Float64Array {
  const H = gamma.data.length;
  const y = new Float64Array(x.length);
  for (let t = 0; t < T; t++) {
    let ms = 0;
    for (let i = 0; i < H; i++) ms += x[t * H + i] ** 2;
    const inv = 1 / Math.sqrt(ms / H + eps);
    for (let i = 0; i < H; i++) y[t * H + i] = x[t * H + i] * inv * gamma.data[i];
  }
  return y;
}

/**
 * Rotary position embedding of x [T, heads·d] in place, per head, in the rotate-half convention: pairs (e, e + d/2)
 * turn by position · theta^(−2e/d).
 */
export function rotary(x: Float64Array, T: number, heads: number, d: number, positions: readonly number[], theta: number): void {
  const half = d / 2;
  for (let t = 0; t < T; t++) {
    for (let h = 0; h < heads; h++) {
      const base = t * heads * d + h * d;
      for (let e = 0; e < half; e++) {
        const angle = positions[t] * theta ** ((-2 * e) / d);
        const a = x[base + e];
        const b = x[base + e + half];
        x[base + e] = a * Math.cos(angle) - b * Math.sin(angle);
        x[base + e + half] = b * Math.cos(angle) + a * Math.sin(angle);
      }
    }
  }
}

export function add(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((v, i) => v + b[i]);
}

/** erf in float64: Maclaurin series near 0, continued fraction for erfc in the tails (both to ~1e-15). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = x;
    let sum = x;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  if (ax > 6) return Math.sign(x);
  // erfc(ax) = exp(-ax²)/sqrt(pi) · 1/(ax + (1/2)/(ax + 1/(ax + (3/2)/(ax + ...)))), evaluated bottom-up.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

export const geluErf = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
export const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));

/**
 * Multi-head attention over q [T, heads·d] and k, v [T, kvHeads·d] (kvHeads = heads unless the keys and values
 * are grouped: query head h reads key/value head ⌊h · kvHeads / heads⌋); `visible(i, j)` says whether query i may
 * see key j. Fills one layer's scores (Q·Kᵀ·scale plus the mask) and probabilities, returns the context [T, heads·d].
 */
export function attention(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  T: number,
  H: number,
  heads: number,
  visible: (i: number, j: number) => boolean,
  scores: Float64Array,
  probs: Float64Array,
  kvHeads = heads,
): Float64Array {
  const d = H / heads;
  const kvWidth = kvHeads * d;
  const scale = 1 / Math.sqrt(d);
  const ctx = new Float64Array(T * H);
  for (let h = 0; h < heads; h++) {
    const kh = Math.floor((h * kvHeads) / heads);
    for (let i = 0; i < T; i++) {
      const row = (h * T + i) * T;
      let max = -Infinity;
      for (let j = 0; j < T; j++) {
        let dot = 0;
        for (let e = 0; e < d; e++) dot += q[i * H + h * d + e] * k[j * kvWidth + kh * d + e];
        const s = dot * scale + (visible(i, j) ? 0 : MASK_MIN);
        scores[row + j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = 0; j < T; j++) sum += probs[row + j] = Math.exp(scores[row + j] - max);
      for (let j = 0; j < T; j++) probs[row + j] /= sum;
      for (let e = 0; e < d; e++) {
        let c = 0;
        for (let j = 0; j < T; j++) c += probs[row + j] * v[j * kvWidth + kh * d + e];
        ctx[i * H + h * d + e] = c;
      }
    }
  }
  return ctx;
}

/** Column block [from, from+width) of a [rows, cols] weight, or of a [cols] bias. */
export function columns(t: Weight, from: number, width: number): Weight {
  if (t.dims.length === 1) return { dims: [width], data: t.data.slice(from, from + width) };
  const [rows, cols] = t.dims;
  const data = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) data.set(t.data.subarray(r * cols + from, r * cols + from + width), r * width);
  return { dims: [rows, width], data };
}

export function embed(table: Weight, ids: readonly number[]): Float64Array {
  const H = table.dims[1];
  const out = new Float64Array(ids.length * H);
  ids.forEach((id, t) => out.set(table.data.subarray(id * H, (id + 1) * H), t * H));
  return out;
}

/** logits [T, V] = x [T, H] · tableᵀ (+ bias). */
export function tiedHead(x: Float64Array, T: number, table: Weight, bias?: Weight): Float64Array {
  const [V, H] = table.dims;
  const out = new Float64Array(T * V);
  for (let t = 0; t < T; t++) {
    for (let v = 0; v < V; v++) {
      let s = bias ? bias.data[v] : 0;
      for (let i = 0; i < H; i++) s += x[t * H + i] * table.data[v * H + i];
      out[t * V + v] = s;
    }
  }
  return out;
}
