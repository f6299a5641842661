/**
 * The contract of live fine-tuning ("afinamiento"; pure TypeScript, all runtimes): lines the user
 * labelled go to the engine, which trains a small classification head on the frozen model's
 * mean-pooled last-layer features and answers with K-fold cross-validated figures and the head's
 * predictions for the lines it was asked about.
 */

export interface LabelledText {
  readonly label: string;
  readonly text: string;
}

export interface FineTuneRequest {
  readonly examples: readonly LabelledText[];
  /** K of the K-fold cross-validation; min(5, examples) when absent. */
  readonly folds?: number;
  /** Texts to label with the head trained on every example (the editor's unlabelled lines). */
  readonly predict?: readonly string[];
}

export interface ClassResult {
  readonly label: string;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface FineTuneResult {
  readonly model: string;
  /** The classes, in order of first appearance among the examples; indices of `confusion`. */
  readonly labels: readonly string[];
  readonly examples: number;
  /** The width of the features (the model's hidden size). */
  readonly width: number;
  readonly folds: number;
  /** Share of the examples the head predicted right when their fold was left out of its training. */
  readonly accuracy: number;
  readonly foldAccuracy: readonly number[];
  readonly perClass: readonly ClassResult[];
  /** labels × labels: row = true label, column = predicted. */
  readonly confusion: readonly (readonly number[])[];
  /** One per `predict` text: the label the head trained on every example gives it, and its probability. */
  readonly predictions: readonly { readonly label: string; readonly probability: number }[];
  /** Milliseconds spent on the model's features and on training (every fold and the final head). */
  readonly featureMs: number;
  readonly trainMs: number;
}

/**
 * The accuracy of always answering the most common label: what a classifier must beat before its
 * accuracy says it learned anything (with 8 lines, 4 per label, a figure of 25 % is below it).
 */
export function baselineAccuracy(perClass: readonly { readonly support: number }[]): number {
  const total = perClass.reduce((sum, c) => sum + c.support, 0);
  return total > 0 ? Math.max(...perClass.map((c) => c.support)) / total : 0;
}
