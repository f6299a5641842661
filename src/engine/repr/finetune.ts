/**
 * Live fine-tuning with a loaded model (engine runtime): each line's features are the frozen model's
 * last-layer hidden states (the patched graph's residual-stream probe after the last block) averaged
 * over the line's own tokens ([CLS]/[SEP] and padding left out), the lines run in batches of similar
 * length (padding masked: a line's features are those of its own run); a multinomial logistic regression
 * (finetuneMath.ts) is cross-validated on them, then trained on every example to label the lines
 * the request asks about. The model itself is never changed: what the lesson shows is one layer
 * added on top of a pre-trained model.
 *
 *   const result = await fineTune(model, { examples: [{ label: 'pos', text: 'I loved it' }, …], folds: 5 });
 */
import type { FineTuneRequest, FineTuneResult } from '../../protocol/finetune';
import { textTokenMask } from '../align/align';
import { EngineError } from '../errors';
import { innerTokenizer, type LoadedModel } from '../model';
import { runBatch } from '../runModel';
import { argmax, crossValidate, predictLogistic, trainLogistic } from './finetuneMath';
import { shownPath } from '../paths';

/** At most this many labelled lines, and this many lines to predict (a lesson, not a training set). */
export const MAX_EXAMPLES = 2000;

/** A batch holds at most this many lines and this many tokens with its padding (its memory stays small). */
const BATCH_LINES = 64;
const BATCH_TOKENS = 4096;

/** The graph output holding the stream after the last block, or a clear refusal. */
function lastHidden(model: LoadedModel): string {
  const hidden = model.patched.outputs.probes?.hidden;
  if (!hidden || hidden.length === 0)
    throw new EngineError(
      'unsupported-architecture',
      `${shownPath(model.facts.id)}: its last hidden state cannot be located in the graph, so it cannot give features to train on`,
    );
  return hidden[hidden.length - 1];
}

/** Mean over the text's own tokens of the model's last hidden state, one vector per text (run in batches). */
export async function lineFeatures(model: LoadedModel, texts: readonly string[]): Promise<Float32Array[]> {
  const output = lastHidden(model);
  const inner = innerTokenizer(model.tokenizer);
  const max = model.facts.maxPositions;
  const lines = texts.map((text) => {
    let ids = inner.encode(text, { add_special_tokens: true }).ids;
    let template = textTokenMask(ids, inner.encode(text, { add_special_tokens: false }).ids);
    if (ids.length > max) {
      // A line longer than the model takes: its first tokens, with the template's last token kept.
      ids = [...ids.slice(0, max - 1), ids[ids.length - 1]];
      template = [...template.slice(0, max - 1), template[template.length - 1]];
    }
    return { ids, template };
  });
  // Similar lengths together: little padding.
  const order = lines.map((_, i) => i).sort((a, b) => lines[a].ids.length - lines[b].ids.length || a - b);
  const features: Float32Array[] = new Array<Float32Array>(texts.length);
  for (let from = 0; from < order.length;) {
    let to = from + 1;
    while (to < order.length && to - from < BATCH_LINES && (to - from + 1) * lines[order[to]].ids.length <= BATCH_TOKENS) to++;
    const batch = order.slice(from, to);
    const rows = batch.map((i) => lines[i].ids);
    const outputs = await runBatch(
      model,
      rows,
      rows.map((r) => new Array<number>(r.length).fill(0)),
      { probs: [], scores: [], heads: false, extra: [output] },
    );
    const states = outputs[output].data as Float32Array;
    const T = Math.max(...rows.map((r) => r.length));
    const width = states.length / (batch.length * T);
    batch.forEach((line, b) => {
      const { ids, template } = lines[line];
      const own = ids.map((_, i) => i).filter((i) => !template[i]);
      const pool = own.length > 0 ? own : ids.map((_, i) => i);
      const mean = new Float32Array(width);
      const base = b * T * width;
      for (const i of pool) for (let j = 0; j < width; j++) mean[j] += states[base + i * width + j] / pool.length;
      features[line] = mean;
    });
    from = to;
  }
  return features;
}

/** Checks the request before the model runs; answers the classes and each example's class index. */
function check(request: FineTuneRequest): { labels: string[]; classOf: number[]; folds: number } {
  const examples = request.examples;
  if (!Array.isArray(examples) || examples.length > MAX_EXAMPLES || (request.predict?.length ?? 0) > MAX_EXAMPLES)
    throw new EngineError('bad-input', `fine-tuning takes at most ${MAX_EXAMPLES} labelled lines and ${MAX_EXAMPLES} lines to predict`);
  examples.forEach((e, i) => {
    if (typeof e.label !== 'string' || e.label.trim() === '') throw new EngineError('bad-input', `labelled line ${i + 1} has no label`);
    if (typeof e.text !== 'string' || e.text.trim() === '') throw new EngineError('bad-input', `labelled line ${i + 1} has no text`);
  });
  const labels = [...new Set(examples.map((e) => e.label))];
  if (labels.length < 2) throw new EngineError('bad-input', `fine-tuning needs lines with at least two different labels (got ${labels.length})`);
  const folds = request.folds ?? Math.min(5, examples.length);
  if (!Number.isInteger(folds) || folds < 2 || folds > examples.length)
    throw new EngineError('bad-input', `--folds must be a whole number from 2 to the number of labelled lines (${examples.length}), got ${String(folds)}`);
  return { labels, classOf: examples.map((e) => labels.indexOf(e.label)), folds };
}

/** Cross-validated figures of a head trained on the labelled lines, and its labels for `predict`. */
export async function fineTune(model: LoadedModel, request: FineTuneRequest): Promise<FineTuneResult> {
  const { labels, classOf, folds } = check(request);
  const predict = (request.predict ?? []).filter((t) => typeof t === 'string');
  const t0 = performance.now();
  const features = await lineFeatures(model, [...request.examples.map((e) => e.text), ...predict]);
  const t1 = performance.now();
  const rows = features.slice(0, classOf.length);
  const cv = crossValidate(rows, classOf, labels.length, folds);
  const predictions =
    predict.length === 0
      ? []
      : (() => {
          const head = trainLogistic(rows, classOf, labels.length);
          return features.slice(classOf.length).map((row) => {
            const p = predictLogistic(head, row);
            const best = argmax(p);
            return { label: labels[best], probability: p[best] };
          });
        })();
  const trainMs = performance.now() - t1;
  return {
    model: model.facts.id,
    labels,
    examples: rows.length,
    width: rows[0].length,
    folds,
    accuracy: cv.accuracy,
    foldAccuracy: cv.foldAccuracy,
    perClass: cv.perClass.map((c, i) => ({ label: labels[i], ...c })),
    confusion: cv.confusion,
    predictions,
    featureMs: t1 - t0,
    trainMs,
  };
}
