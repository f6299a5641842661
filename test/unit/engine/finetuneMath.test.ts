// The fine-tuning head's mathematics (issue 17), without a model: a multinomial logistic regression
// that separates separable data and is deterministic; stratified folds that are disjoint and cover
// every example; cross-validation that never hands its trainer a test row (checked by construction
// with a spying trainer, and by its effect: on random labels the head memorises its training rows
// while the cross-validated accuracy stays near chance); the confusion matrix and per-class figures.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argmax, assignFolds, crossValidate, predictLogistic, scoreClasses, trainLogistic, type LogisticHead } from '../../../src/engine/repr/finetuneMath';

/** A small deterministic generator (mulberry32), so that every run sees the same data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const gauss = (r: () => number): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

/** `perClass` rows around well-apart centres in `width` dimensions, labels 0 … classes − 1. */
function clusters(classes: number, perClass: number, width: number, seed: number): { rows: Float32Array[]; labels: number[] } {
  const r = rng(seed);
  const centres = Array.from({ length: classes }, () => Float32Array.from({ length: width }, () => gauss(r) * 4));
  const rows: Float32Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++)
    for (let c = 0; c < classes; c++) {
      rows.push(Float32Array.from(centres[c], (v) => v + gauss(r)));
      labels.push(c);
    }
  return { rows, labels };
}

const accuracyOf = (head: LogisticHead, rows: Float32Array[], labels: number[]): number =>
  labels.filter((l, i) => argmax(predictLogistic(head, rows[i])) === l).length / labels.length;

describe('the logistic-regression head', () => {
  it('separates three separable classes, with probabilities that sum to 1', () => {
    const { rows, labels } = clusters(3, 20, 8, 1);
    const head = trainLogistic(rows, labels, 3);
    assert.equal(accuracyOf(head, rows, labels), 1);
    // New rows from the same centres (a second draw of the generator's noise) are classified too.
    const more = clusters(3, 40, 8, 1);
    assert.ok(accuracyOf(head, more.rows.slice(60), more.labels.slice(60)) >= 0.95);
    for (const row of more.rows) {
      const p = predictLogistic(head, row);
      assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    }
  });

  it('is deterministic: the same rows give the same weights', () => {
    const { rows, labels } = clusters(2, 15, 6, 2);
    const a = trainLogistic(rows, labels, 2);
    const b = trainLogistic(rows, labels, 2);
    assert.deepEqual(a.weights, b.weights);
    assert.deepEqual(a.bias, b.bias);
  });

  it('shrinks its weights as the L2 strength grows', () => {
    const { rows, labels } = clusters(2, 15, 6, 3);
    const norm = (h: LogisticHead): number => Math.hypot(...h.weights);
    assert.ok(norm(trainLogistic(rows, labels, 2, { l2: 1 })) < norm(trainLogistic(rows, labels, 2, { l2: 0.001 })));
  });

  it('ignores a constant feature (no division by zero)', () => {
    const { rows, labels } = clusters(2, 10, 4, 4);
    const padded = rows.map((r) => Float32Array.from([...r, 7]));
    const head = trainLogistic(padded, labels, 2);
    assert.ok([...head.weights].every(Number.isFinite));
    assert.equal(accuracyOf(head, padded, labels), 1);
  });
});

describe('K-fold cross-validation', () => {
  it('assigns stratified folds: each class spread over the folds, sizes within one', () => {
    const labels = [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];
    const fold = assignFolds(labels, 3, 4);
    const sizes = [0, 1, 2, 3].map((f) => fold.filter((x) => x === f).length);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, String(sizes));
    for (const c of [0, 1, 2]) {
      const folds = labels.map((l, i) => (l === c ? fold[i] : -1)).filter((f) => f >= 0);
      const counts = [0, 1, 2, 3].map((f) => folds.filter((x) => x === f).length);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `class ${c}: ${String(counts)}`);
    }
  });

  it('never hands the trainer a row of the fold it tests, and tests every row exactly once', () => {
    const { rows, labels } = clusters(2, 12, 5, 5);
    const trainedOn: Float32Array[][] = [];
    const cv = crossValidate(rows, labels, 2, 4, (r, l, k) => {
      trainedOn.push([...r]);
      return trainLogistic(r, l, k);
    });
    assert.equal(trainedOn.length, 4);
    for (let f = 0; f < 4; f++) {
      const test = rows.filter((_, i) => cv.fold[i] === f);
      assert.ok(test.length > 0);
      assert.equal(trainedOn[f].length + test.length, rows.length);
      // By identity and by value: no test row (each is distinct from every other here) is in the training set.
      for (const row of test) assert.ok(!trainedOn[f].some((t) => t === row || t.every((v, j) => v === row[j])), `fold ${f} trained on a test row`);
    }
    assert.ok(
      cv.predicted.every((p) => p === 0 || p === 1),
      'every row predicted',
    );
    assert.equal(cv.foldAccuracy.length, 4);
  });

  it('on random labels: the head memorises its training rows, yet cross-validation stays near chance', () => {
    const r = rng(6);
    const rows = Array.from({ length: 40 }, () => Float32Array.from({ length: 60 }, () => gauss(r)));
    const labels = rows.map(() => (r() < 0.5 ? 0 : 1));
    const head = trainLogistic(rows, labels, 2, { l2: 1e-4, iterations: 600 });
    assert.equal(accuracyOf(head, rows, labels), 1, 'more features than rows: the training rows are memorised');
    const cv = crossValidate(rows, labels, 2, 5, (x, y, k) => trainLogistic(x, y, k, { l2: 1e-4, iterations: 600 }));
    assert.ok(cv.accuracy < 0.8, `cross-validated accuracy ${cv.accuracy}: a test fold leaked into training`);
  });

  it('reaches full accuracy on separable classes, with a diagonal confusion matrix', () => {
    const { rows, labels } = clusters(3, 10, 8, 7);
    const cv = crossValidate(rows, labels, 3, 5);
    assert.equal(cv.accuracy, 1);
    assert.deepEqual(cv.confusion, [
      [10, 0, 0],
      [0, 10, 0],
      [0, 0, 10],
    ]);
    for (const c of cv.perClass) assert.deepEqual(c, { support: 10, precision: 1, recall: 1, f1: 1 });
  });

  it('refuses fewer than two folds or more folds than rows', () => {
    const { rows, labels } = clusters(2, 2, 3, 8);
    assert.throws(() => crossValidate(rows, labels, 2, 1), RangeError);
    assert.throws(() => crossValidate(rows, labels, 2, 5), RangeError);
  });
});

describe('per-class figures', () => {
  it('counts the confusion matrix by true row and predicted column, with precision, recall and F1', () => {
    const { perClass, confusion } = scoreClasses([0, 0, 0, 1, 1], [0, 0, 1, 1, 0], 2);
    assert.deepEqual(confusion, [
      [2, 1],
      [1, 1],
    ]);
    assert.deepEqual(perClass[0], { support: 3, precision: 2 / 3, recall: 2 / 3, f1: 2 / 3 });
    assert.deepEqual(perClass[1], { support: 2, precision: 0.5, recall: 0.5, f1: 0.5 });
  });
});
