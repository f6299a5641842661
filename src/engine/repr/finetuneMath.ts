/**
 * The classification head of live fine-tuning, in plain TypeScript (engine runtime, no model): a
 * multinomial logistic regression with L2, trained by Nesterov-accelerated full-batch gradient
 * descent from zero weights (deterministic: same rows, same weights), on features standardised with
 * the training rows' own means; stratified K-fold cross-validation whose trainer is handed the
 * training rows alone (the test rows are never in its arguments); accuracy, per-class figures and
 * the confusion matrix.
 *
 *   const head = trainLogistic(rows, labels, classCount);
 *   const probs = predictLogistic(head, row);
 *   const cv = crossValidate(rows, labels, classCount, 5);
 */

/** A trained head: standardisation, then softmax(W·x + b); W is classes × width, row-major. */
export interface LogisticHead {
  readonly classes: number;
  readonly width: number;
  readonly mean: Float64Array;
  readonly scale: Float64Array;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

export interface TrainOptions {
  /** L2 strength on the weights (not the bias), on standardised features; 0.01 when absent. */
  readonly l2?: number;
  /** At most this many steps (300 when absent); fewer once the gradient has shrunk (TOLERANCE). */
  readonly iterations?: number;
}

export interface ClassFigures {
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface CrossValidation {
  readonly folds: number;
  /** Per example: its fold (the one run that tested it) and the class that run predicted. */
  readonly fold: Int32Array;
  readonly predicted: Int32Array;
  readonly accuracy: number;
  readonly foldAccuracy: number[];
  readonly perClass: ClassFigures[];
  /** classes × classes: row = true class, column = predicted. */
  readonly confusion: number[][];
}

/** Training stops once the gradient's norm is this share of the first step's. */
const TOLERANCE = 1e-4;

export type Trainer = (rows: readonly Float32Array[], labels: readonly number[], classes: number) => LogisticHead;

/** Softmax of `z` in place (shifted by its maximum). */
function softmaxInPlace(z: Float64Array): void {
  let top = -Infinity;
  for (const v of z) top = Math.max(top, v);
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += z[i] = Math.exp(z[i] - top);
  for (let i = 0; i < z.length; i++) z[i] /= sum;
}

/** Standardised copies of `rows` with the means and scales (1 where a feature is constant). */
function standardise(rows: readonly Float32Array[], width: number): { x: Float64Array[]; mean: Float64Array; scale: Float64Array } {
  const n = rows.length;
  const mean = new Float64Array(width);
  const scale = new Float64Array(width);
  for (const r of rows) for (let j = 0; j < width; j++) mean[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < width; j++) scale[j] += (r[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < width; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
  const x = rows.map((r) => Float64Array.from({ length: width }, (_, j) => (r[j] - mean[j]) / scale[j]));
  return { x, mean, scale };
}

/** The largest eigenvalue of XᵀX/n by power iteration (a bound for the gradient's step). */
function largestEigen(x: readonly Float64Array[], width: number): number {
  let v = new Float64Array(width).fill(1 / Math.sqrt(width));
  let value = 0;
  for (let it = 0; it < 30; it++) {
    const next = new Float64Array(width);
    for (const r of x) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += r[j] * v[j];
      for (let j = 0; j < width; j++) next[j] += (dot * r[j]) / x.length;
    }
    value = Math.sqrt(next.reduce((sum, e) => sum + e * e, 0));
    if (value === 0) return 0;
    v = next.map((e) => e / value);
  }
  return value;
}

/** Trains the head on `rows` (all the same width) with class indices `labels` in 0 … classes − 1. */
export function trainLogistic(rows: readonly Float32Array[], labels: readonly number[], classes: number, options: TrainOptions = {}): LogisticHead {
  const n = rows.length;
  if (n === 0 || labels.length !== n) throw new RangeError('trainLogistic needs one label per row and at least one row');
  const width = rows[0].length;
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 300;
  const { x, mean, scale } = standardise(rows, width);
  // Softmax cross-entropy's Hessian is at most ½·λmax(XᵀX/n) (+1 for the bias column) plus the L2.
  const step = 1 / (0.5 * (largestEigen(x, width) + 1) + l2);
  const size = classes * (width + 1);
  let params = new Float64Array(size);
  let previous = new Float64Array(size);
  const grad = new Float64Array(size);
  const z = new Float64Array(classes);
  let firstNorm = 0;
  for (let it = 1; it <= iterations; it++) {
    // Nesterov: the gradient at the look-ahead point y = θ + (it − 1)/(it + 2)·(θ − θ_prev).
    const momentum = (it - 1) / (it + 2);
    const look = params.map((p, i) => p + momentum * (p - previous[i]));
    grad.fill(0);
    for (let s = 0; s < n; s++) {
      const r = x[s];
      for (let c = 0; c < classes; c++) {
        const w = c * (width + 1);
        let dot = look[w + width];
        for (let j = 0; j < width; j++) dot += look[w + j] * r[j];
        z[c] = dot;
      }
      softmaxInPlace(z);
      for (let c = 0; c < classes; c++) {
        const w = c * (width + 1);
        const err = (z[c] - (labels[s] === c ? 1 : 0)) / n;
        for (let j = 0; j < width; j++) grad[w + j] += err * r[j];
        grad[w + width] += err;
      }
    }
    for (let c = 0; c < classes; c++) for (let j = 0; j < width; j++) grad[c * (width + 1) + j] += l2 * look[c * (width + 1) + j];
    previous = params;
    params = look.map((v, i) => v - step * grad[i]);
    // Converged: the gradient has shrunk to a ten-thousandth of the first one (the same rows stop at the same step).
    let norm = 0;
    for (const g of grad) norm += g * g;
    norm = Math.sqrt(norm);
    if (it === 1) firstNorm = norm;
    else if (norm <= TOLERANCE * firstNorm) break;
  }
  const weights = new Float64Array(classes * width);
  const bias = new Float64Array(classes);
  for (let c = 0; c < classes; c++) {
    weights.set(params.subarray(c * (width + 1), c * (width + 1) + width), c * width);
    bias[c] = params[c * (width + 1) + width];
  }
  return { classes, width, mean, scale, weights, bias };
}

/** The head's class probabilities for one row. */
export function predictLogistic(head: LogisticHead, row: Float32Array): Float64Array {
  const z = new Float64Array(head.classes);
  for (let c = 0; c < head.classes; c++) {
    let dot = head.bias[c];
    for (let j = 0; j < head.width; j++) dot += head.weights[c * head.width + j] * ((row[j] - head.mean[j]) / head.scale[j]);
    z[c] = dot;
  }
  softmaxInPlace(z);
  return z;
}

export const argmax = (p: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
};

/**
 * Stratified fold of each example: each class's examples in order are dealt round the folds, each
 * class starting where the previous one stopped (so the folds' sizes differ by at most one).
 */
export function assignFolds(labels: readonly number[], classes: number, folds: number): Int32Array {
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (let c = 0; c < classes; c++)
    labels.forEach((label, i) => {
      if (label !== c) return;
      fold[i] = next;
      next = (next + 1) % folds;
    });
  return fold;
}

/** Per-class precision, recall and F1 and the confusion matrix of predictions against the truth. */
export function scoreClasses(truth: readonly number[], predicted: ArrayLike<number>, classes: number): { perClass: ClassFigures[]; confusion: number[][] } {
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  truth.forEach((t, i) => confusion[t][predicted[i]]++);
  const perClass = confusion.map((row, c) => {
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((a, r) => a + r[c], 0);
    const hit = row[c];
    const precision = predictedAs > 0 ? hit / predictedAs : 0;
    const recall = support > 0 ? hit / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { support, precision, recall, f1 };
  });
  return { perClass, confusion };
}

/**
 * K-fold cross-validation: for each fold, `train` is handed only the other folds' rows and labels,
 * and the head it returns predicts the fold's rows. Every example is predicted exactly once.
 */
export function crossValidate(
  rows: readonly Float32Array[],
  labels: readonly number[],
  classes: number,
  folds: number,
  train: Trainer = (r, l, k) => trainLogistic(r, l, k),
): CrossValidation {
  const n = rows.length;
  if (!Number.isInteger(folds) || folds < 2 || folds > n) throw new RangeError(`cross-validation needs 2 to ${n} folds, got ${folds}`);
  const fold = assignFolds(labels, classes, folds);
  const predicted = new Int32Array(n).fill(-1);
  const foldAccuracy: number[] = [];
  for (let f = 0; f < folds; f++) {
    const trainIdx: number[] = [];
    const testIdx: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? testIdx : trainIdx).push(i);
    const head = train(
      trainIdx.map((i) => rows[i]),
      trainIdx.map((i) => labels[i]),
      classes,
    );
    let hits = 0;
    for (const i of testIdx) {
      predicted[i] = argmax(predictLogistic(head, rows[i]));
      if (predicted[i] === labels[i]) hits++;
    }
    foldAccuracy.push(testIdx.length > 0 ? hits / testIdx.length : 0);
  }
  const accuracy = labels.filter((l, i) => predicted[i] === l).length / n;
  return { folds, fold, predicted, accuracy, foldAccuracy, ...scoreClasses(labels, predicted, classes) };
}
