/**
 * The `finetune` subcommand's edges (plain Node): reading LABELS.tsv (each non-blank line
 * `label<TAB>text`) and printing the cross-validated result as a readable table or the JSON
 * contract `{ accuracy, folds, perClass, confusion }` (with the model, labels, per-fold accuracy, the
 * baseline of always answering the most common label and the few-lines `warning`, null when none).
 */
import { EngineError } from '../engine/errors';
import { baselineAccuracy, type FineTuneResult, type LabelledText } from '../protocol/finetune';
import { modelName, percent as pct, show } from './show';

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The labelled lines of a TSV file; blank lines are skipped, a line without a tab is refused by number. */
export function parseLabels(tsv: string, file: string): LabelledText[] {
  const examples: LabelledText[] = [];
  tsv.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const tab = line.indexOf('\t');
    if (tab < 0) throw new EngineError('bad-input', `${file}:${i + 1}: expected a label, a tab, then the text`);
    const label = line.slice(0, tab).trim();
    const text = line.slice(tab + 1);
    if (label === '') throw new EngineError('bad-input', `${file}:${i + 1}: the label is empty`);
    if (text.trim() === '') throw new EngineError('bad-input', `${file}:${i + 1}: the text is empty`);
    examples.push({ label, text });
  });
  if (examples.length === 0) throw new EngineError('bad-input', `${file} has no labelled lines (each: a label, a tab, then the text)`);
  return examples;
}

export function fineTuneJson(r: FineTuneResult): object {
  return {
    model: r.model,
    labels: r.labels,
    examples: r.examples,
    accuracy: round(r.accuracy),
    baseline: round(baselineAccuracy(r.perClass)),
    /** The text output's warning line (fewLinesWarning), null when every label has enough lines. */
    warning: fewLinesWarning(r),
    folds: r.folds,
    foldAccuracy: r.foldAccuracy.map(round),
    perClass: r.perClass.map((c) => ({ label: c.label, support: c.support, precision: round(c.precision), recall: round(c.recall), f1: round(c.f1) })),
    confusion: r.confusion,
  };
}

/** The fewest lines per label that K-fold figures can be read from: K (one per fold), and never under 5. */
const ENOUGH_LINES = 5;

/**
 * The warning when some label has fewer lines than the folds (some folds then test none of it) or than
 * ENOUGH_LINES: the figures can fall below chance, and the person should know why and what to do. Null
 * when every label has enough.
 */
export function fewLinesWarning(r: Pick<FineTuneResult, 'folds' | 'perClass'>): string | null {
  const enough = Math.max(r.folds, ENOUGH_LINES);
  const few = r.perClass.filter((c) => c.support < enough);
  if (few.length === 0) return null;
  const list = few.map((c) => `${show(c.label)} (${c.support} line${c.support === 1 ? '' : 's'})`).join(', ');
  const least = Math.min(...few.map((c) => c.support));
  const fewerFolds = least < r.folds && least >= 2 ? `, or pass --folds ${least}` : '';
  return `too few lines for ${list} to judge with ${r.folds} folds: add lines (at least ${enough} per label)${fewerFolds}`;
}

export function fineTuneText(r: FineTuneResult): string[] {
  const names = r.labels.map(show);
  const w = Math.max(5, ...names.map((n) => n.length));
  const baseline = baselineAccuracy(r.perClass);
  const lines = [
    `model      ${modelName(r.model)}`,
    `head       logistic regression on the mean-pooled last layer (${r.width} features), the model frozen`,
    `accuracy   ${pct(r.accuracy)} over ${r.examples} lines, ${r.folds}-fold cross-validation (folds: ${r.foldAccuracy.map(pct).join(', ')})`,
    `baseline   ${pct(baseline)} (always answering the most common label)${r.accuracy > baseline ? '' : "; not above it: too few lines, or the model's features do not separate these labels"}`,
    ...[fewLinesWarning(r)].filter((w) => w !== null).map((w) => `warning    ${w}`),
    '',
    `${'label'.padEnd(w)}  support  precision  recall  F1`,
    ...r.perClass.map(
      (c, i) =>
        `${names[i].padEnd(w)}  ${String(c.support).padStart(7)}  ${pct(c.precision).padStart(9)}  ${pct(c.recall).padStart(6)}  ${pct(c.f1).padStart(6)}`,
    ),
    '',
    'confusion (rows: true label, columns: predicted)',
    `${''.padEnd(w)}  ${names.map((n) => n.padStart(6)).join(' ')}`,
    ...r.confusion.map((row, i) => `${names[i].padEnd(w)}  ${row.map((v, j) => String(v).padStart(Math.max(6, names[j].length))).join(' ')}`),
  ];
  return lines;
}
