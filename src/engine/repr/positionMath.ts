/**
 * The arithmetic of the positions lesson (engine runtime, plain loops): the Gram matrix of a set of
 * rows, the cosine similarity and the first two principal components taken from it, and the
 * original transformer's sinusoidal encoding (whose Gram matrix depends only on the distance between
 * two positions, so it is filled per distance).
 *
 *   const g = gram(table.data, table.width, offset, count);
 *   const sim = cosine(g, count); const pca = principalPlane(g, count);
 */
import type { Projection } from '../../protocol/representations';

/** count × count dot products of rows first … first + count − 1 of `rows` (row-major, `width` wide), in float64. */
export function gram(rows: Float32Array, width: number, first: number, count: number): Float64Array {
  const g = new Float64Array(count * count);
  for (let p = 0; p < count; p++) {
    const a = (first + p) * width;
    for (let q = p; q < count; q++) {
      const b = (first + q) * width;
      let s = 0;
      for (let k = 0; k < width; k++) s += rows[a + k] * rows[b + k];
      g[p * count + q] = s;
      g[q * count + p] = s;
    }
  }
  return g;
}

/** Cosine similarity from a Gram matrix (a zero row is similar to nothing, itself included). */
export function cosine(g: Float64Array, count: number): Float32Array {
  const out = new Float32Array(count * count);
  const norm = Float64Array.from({ length: count }, (_, p) => Math.sqrt(g[p * count + p]));
  for (let p = 0; p < count; p++)
    for (let q = 0; q < count; q++) {
      const d = norm[p] * norm[q];
      out[p * count + q] = d > 0 ? g[p * count + q] / d : 0;
    }
  return out;
}

/** Angular frequency of dimension pair i of the sinusoidal encoding at `width`: 1 / 10000^(2i/width). */
export const sinusoidFrequency = (i: number, width: number): number => Math.pow(10000, (-2 * i) / width);

/** The sinusoidal encoding's rows: sin(p·ω_i) at 2i, cos(p·ω_i) at 2i + 1. */
export function sinusoidRows(count: number, width: number): Float32Array {
  const out = new Float32Array(count * width);
  for (let p = 0; p < count; p++)
    for (let k = 0; k < width; k++) {
      const angle = p * sinusoidFrequency(Math.floor(k / 2), width);
      out[p * width + k] = k % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  return out;
}

/**
 * The sinusoidal encoding's Gram matrix: a (sin, cos) pair contributes cos((p − q)·ω), so each
 * distance is summed once; an odd width's last (sine-only) dimension is added cell by cell.
 */
export function sinusoidGram(count: number, width: number): Float64Array {
  const pairs = Math.floor(width / 2);
  const byDistance = new Float64Array(count);
  for (let d = 0; d < count; d++) for (let i = 0; i < pairs; i++) byDistance[d] += Math.cos(d * sinusoidFrequency(i, width));
  const g = new Float64Array(count * count);
  const lastFrequency = sinusoidFrequency(pairs, width);
  for (let p = 0; p < count; p++)
    for (let q = 0; q < count; q++) {
      g[p * count + q] = byDistance[Math.abs(p - q)] + (width % 2 === 1 ? Math.sin(p * lastFrequency) * Math.sin(q * lastFrequency) : 0);
    }
  return g;
}

/**
 * The first two principal components of the rows behind a Gram matrix: the top eigenvectors of the
 * double-centred Gram matrix (the rows' covariance seen from the rows' side, topEigen);
 * each point's coordinate is eigenvector × √eigenvalue. Signs: each axis's largest coordinate is
 * positive. `explained` is each eigenvalue's share of the total variance.
 */
export function principalPlane(g: Float64Array, count: number): Projection {
  const n = count;
  const rowMean = new Float64Array(n);
  let all = 0;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) rowMean[p] += g[p * n + q];
    all += rowMean[p];
    rowMean[p] /= n;
  }
  all /= n * n;
  const k = new Float64Array(n * n);
  let trace = 0;
  for (let p = 0; p < n; p++) {
    for (let q = 0; q < n; q++) k[p * n + q] = g[p * n + q] - rowMean[p] - rowMean[q] + all;
    trace += k[p * n + p];
  }
  let [[u, v], values] = topEigen(k, n);
  if (values[1] > values[0]) {
    [u, v] = [v, u];
    values = [values[1], values[0]];
  }
  // Variance below a millionth of the rows' mean squared norm is rounding, not a direction (rows
  // that far apart have a cosine above 1 − 1e-6, which the views call the same vector): no spread.
  let norms = 0;
  for (let p = 0; p < n; p++) norms += g[p * n + p];
  const floor = (1e-6 * norms) / Math.max(1, n);
  values = [values[0] > floor ? values[0] : 0, values[1] > floor ? values[1] : 0];
  if (trace <= floor) trace = 0;
  const points = new Float32Array(n * 2);
  [u, v].forEach((vec, axis) => {
    const scale = Math.sqrt(Math.max(0, values[axis]));
    let biggest = 0;
    for (let p = 0; p < n; p++) if (Math.abs(vec[p]) > Math.abs(vec[biggest])) biggest = p;
    const sign = vec[biggest] < 0 ? -1 : 1;
    for (let p = 0; p < n; p++) points[p * 2 + axis] = sign * vec[p] * scale;
  });
  const share = (x: number): number => (trace > 0 ? Math.max(0, x) / trace : 0);
  return { points, explained: [share(values[0]), share(values[1])] };
}

/**
 * The two largest eigenpairs of a symmetric n × n matrix: Lanczos with full re-orthogonalisation
 * (at most 32 steps: on the embedded tables the top two settle to 1e-15 by 16), then the small tridiagonal
 * matrix's eigenpairs by Jacobi rotations, mapped back through the Lanczos basis.
 */
export function topEigen(m: Float64Array, n: number): [[Float64Array, Float64Array], [number, number]] {
  const steps = Math.min(n, 32);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = [];
  let q = normalised(Float64Array.from({ length: n }, (_, p) => Math.sin(1.3 * p + 0.7) + (p + 1) / n));
  for (let j = 0; j < steps; j++) {
    basis.push(q);
    const w = multiply(m, q, n);
    alpha.push(dot(q, w));
    for (let pass = 0; pass < 2; pass++)
      for (const b of basis) {
        const along = dot(w, b);
        for (let i = 0; i < n; i++) w[i] -= along * b[i];
      }
    const length = Math.sqrt(dot(w, w));
    if (j === steps - 1 || length < 1e-12 * Math.max(1, Math.abs(alpha[0]))) break;
    beta.push(length);
    q = w.map((x) => x / length);
  }
  const size = basis.length;
  const t = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    t[i * size + i] = alpha[i];
    if (i + 1 < size) t[i * size + i + 1] = t[(i + 1) * size + i] = beta[i];
  }
  const { values, vectors } = jacobi(t, size);
  const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => values[b] - values[a]);
  const ritz = (col: number | undefined): Float64Array => {
    const out = new Float64Array(n);
    if (col === undefined) return out;
    for (let j = 0; j < size; j++) for (let i = 0; i < n; i++) out[i] += vectors[j * size + col] * basis[j][i];
    return out;
  };
  return [
    [ritz(order[0]), ritz(order[1])],
    [values[order[0]] ?? 0, values[order[1]] ?? 0],
  ];
}

/** x ← c·x − s·y, y ← s·x + c·y for the n pairs m[x0 + k·stride], m[y0 + k·stride] (plain loops: no allocation in the hot path). */
function rotate(m: Float64Array, n: number, x0: number, y0: number, c: number, s: number, stride: number): void {
  for (let k = 0; k < n; k++) {
    const x = m[x0 + k * stride];
    const y = m[y0 + k * stride];
    m[x0 + k * stride] = c * x - s * y;
    m[y0 + k * stride] = s * x + c * y;
  }
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a small symmetric matrix, by cyclic Jacobi rotations. */
function jacobi(input: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const vectors = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let p = 0; p < n; p++) {
      diagonal += a[p * n + p] ** 2;
      for (let r = p + 1; r < n; r++) off += a[p * n + r] ** 2;
    }
    if (off <= 1e-22 * diagonal) break;
    for (let p = 0; p < n; p++)
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r];
        if (Math.abs(apr) <= 1e-14 * (Math.abs(a[p * n + p]) + Math.abs(a[r * n + r]))) continue;
        const theta = 0.5 * Math.atan2(2 * apr, a[r * n + r] - a[p * n + p]);
        const c = Math.cos(theta);
        const s = Math.sin(theta);
        rotate(a, n, p, r, c, s, n); // columns p, r
        rotate(a, n, p * n, r * n, c, s, 1); // rows p, r
        rotate(vectors, n, p, r, c, s, n);
      }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors };
}

function multiply(m: Float64Array, x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let q = 0; q < n; q++) s += m[p * n + q] * x[q];
    out[p] = s;
  }
  return out;
}

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, x, i) => s + x * b[i], 0);

function normalised(a: Float64Array): Float64Array {
  const len = Math.sqrt(dot(a, a));
  return len > 0 ? a.map((x) => x / len) : a.map((_, i) => (i === 0 ? 1 : 0));
}
