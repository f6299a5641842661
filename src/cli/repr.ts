/**
 * The representation subcommands of the command-line tool (plain Node): `nsp` (next-sentence
 * prediction on two files), `positions` (the learned position table against the sinusoid),
 * `params` (the exact parameter count and the attention's memory) and `finetune` (a head trained on
 * labelled lines, cross-validated; its file format and output in finetune.ts). Arguments go through
 * args.ts, as `analyze`'s do. Each prints a readable summary, or one JSON object with --json; bad
 * input ends with one line and exit code 2.
 */
import type { ModelScale, NextSentenceResult, PositionsResult, Projection } from '../protocol/representations';
import { EngineError } from '../engine/errors';
import { isByteLevel } from '../protocol/byteLevel';
import { nspAccuracy } from '../protocol/modelCard';
import { EMBEDDED_ENCODER, embeddedModel } from '../engine/paths';
import { EXIT_USAGE, cliEngine, failed, flagValueProblem, parseCli, refuse, text } from './args';
import { fileName, readInput, readInputs, wholeNumber } from './io';
import { fineTuneJson, fineTuneText, parseLabels } from './finetune';
import { cosine, logit, modelName, percent as pct, show, terminalSafeJson, terminalText, tokenNames } from './show';

export const REPR_COMMANDS: ReadonlySet<string> = new Set(['nsp', 'positions', 'params', 'finetune']);

export const REPR_USAGE = `       attention-lens nsp FILE_A FILE_B [--model M] [--json]
       attention-lens positions [--model M] [--count N] [--json]
       attention-lens params [--model M] [--json]
       attention-lens finetune LABELS.tsv [--model M] [--folds K] [--json]   (each line: label<TAB>text)
       (each also takes --cache-dir DIR, --precision fp32|fp16|q8, --offline and --timeout S; --model defaults to the embedded ${EMBEDDED_ENCODER})`;

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MiB`;

/** A flat row-major count × count matrix as nested rows. */
export function nest(flat: Float32Array, count: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from(flat.subarray(r * count, (r + 1) * count), round));
}

const projectionJson = (p: Projection, count: number): object => ({
  points: Array.from({ length: count }, (_, i) => [round(p.points[i * 2]), round(p.points[i * 2 + 1])]),
  explained: p.explained.map(round),
});

/** Mean cosine between positions `distance` apart. */
function meanAtDistance(similarity: Float32Array, count: number, distance: number): number {
  let sum = 0;
  for (let p = 0; p + distance < count; p++) sum += similarity[p * count + p + distance];
  return sum / (count - distance);
}

/** How far to trust P(IsNext), as the BERT tab says it: the model card's held-out accuracy, or that none was measured. */
function reliability(model: string): string {
  const card = nspAccuracy(model);
  if (!card) return "not measured for this model: read P(IsNext) as the model's guess, not as a fact";
  return `right ${pct(card.everyday.es)} (Spanish) and ${pct(card.everyday.en)} (English) of held-out everyday prose pairs, guessing ${pct(0.5)}; ${pct(card.test.es)} and ${pct(card.test.en)} on documentation like its training text (model card)`;
}

export function nspText(r: NextSentenceResult): string[] {
  const byteLevel = isByteLevel(r.tokens);
  const even = (s: { start: number; end: number }): string => pct(Math.max(0, s.end - s.start) / r.tokens.length).padStart(7);
  const lines = [
    `model      ${modelName(r.model)}`,
    `P(IsNext)  ${pct(r.isNext)}  (logits: IsNext ${logit(r.logits[0])}, NotNext ${logit(r.logits[1])})`,
    `accuracy   ${reliability(r.model)}`,
    `strip      ${tokenNames(r.tokens, byteLevel).join('|')}`,
    `segments   A = tokens ${r.segments.a.start}–${r.segments.a.end - 1}, B = tokens ${r.segments.b.start}–${r.segments.b.end - 1}`,
    '',
    'attention across the sentences (mean over heads and over the query sentence’s tokens)',
    'layer      A→B      B→A',
    ...r.crossAttention.map((c) => `${String(c.layer).padStart(5)}  ${pct(c.aToB).padStart(7)}  ${pct(c.bToA).padStart(7)}`),
    // What no preference gives (attention spread evenly over the strip): the rows read against it, as the panel's bars do.
    `even   ${even(r.segments.b)}  ${even(r.segments.a)}   (spread evenly over the ${r.tokens.length} tokens: the other sentence's share of them)`,
  ];
  return lines;
}

function positionsText(r: PositionsResult): string[] {
  if (r.kind === 'rotary') return [`model      ${modelName(r.model)}`, show(r.message)];
  const distances = [1, 10, 100].filter((d) => d < r.count);
  const row = (sim: Float32Array): string => distances.map((d) => `${d}: ${cosine(meanAtDistance(sim, r.count, d))}`).join('   ');
  const lines = [
    `model      ${modelName(r.model)}`,
    `table      ${show(r.table.name)} (${r.table.rows} rows × ${r.table.width}); text position 0 is row ${r.offset}`,
    `positions  ${r.count}`,
    '',
    'mean cosine of positions d apart',
    `  learned    ${row(r.similarity)}`,
    `  sinusoid   ${row(r.sinusoid.similarity)}`,
    'share of the variance on the first two principal components',
    `  learned    ${pct(r.pca.explained[0])}, ${pct(r.pca.explained[1])}`,
    `  sinusoid   ${pct(r.sinusoid.pca.explained[0])}, ${pct(r.sinusoid.pca.explained[1])}`,
  ];
  return lines;
}

function positionsJson(r: PositionsResult): object {
  if (r.kind === 'rotary') return r;
  const { similarity, pca, sinusoid, ...rest } = r;
  return {
    ...rest,
    similarity: nest(similarity, r.count),
    pca: projectionJson(pca, r.count),
    sinusoid: { width: sinusoid.width, similarity: nest(sinusoid.similarity, r.count), pca: projectionJson(sinusoid.pca, r.count) },
  };
}

function scaleText(r: ModelScale): string[] {
  const copies = r.copies.map((c) => `${show(c.name)} repeats ${show(c.of)}${c.transposed ? ' transposed' : ''}`).join('; ');
  const a = r.attention;
  const lines = [
    `model       ${modelName(r.model)}`,
    `parameters  ${r.parameters.toLocaleString('en-US')}${copies ? ` (${r.stored.toLocaleString('en-US')} stored: ${copies})` : ''}`,
    `weights     ${mib(r.weightBytes)}`,
    `attention   ${mib(a.bytes)} at its longest input: ${a.layers} layers × ${a.heads} heads × ${a.tokens}² tokens × ${a.bytesPerValue} bytes`,
  ];
  return lines;
}

/** --count: plain decimal digits, as analyze reads its numbers (0x10, 1e2, " 5" are refused, not read as 16, 100, 5), at least 2. */
function count(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 2) throw new EngineError('bad-input', `--count must be a whole number ≥ 2 in decimal digits, got "${value}"`);
  return Number(value);
}

export async function reprMain(argv: readonly string[]): Promise<number> {
  const parsed = parseCli(argv, { count: { type: 'string' }, folds: { type: 'string' }, json: { type: 'boolean' } }, ['--count', '--folds']);
  if ('error' in parsed) return refuse(parsed.error);
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`usage: ${REPR_USAGE.trimStart()}\n\n${EXIT_USAGE}\n`);
    return 0;
  }
  const jsonValue = flagValueProblem(argv, '--json');
  if (jsonValue) return refuse(jsonValue);
  const [command, ...files] = positionals;
  const expected = command === 'nsp' ? 2 : command === 'finetune' ? 1 : 0;
  if (files.length !== expected)
    return refuse(
      command === 'nsp' ? 'expected "nsp FILE_A FILE_B"' : command === 'finetune' ? 'expected "finetune LABELS.tsv"' : `"${command}" takes no file`,
    );
  if (values.count !== undefined && command !== 'positions') return refuse('--count is for "positions" only');
  if (values.folds !== undefined && command !== 'finetune') return refuse('--folds is for "finetune" only');
  let engine;
  try {
    engine = cliEngine(values);
  } catch (error) {
    return refuse((error as Error).message);
  }
  const model = text(values, 'model') ?? embeddedModel(EMBEDDED_ENCODER);
  try {
    let json: object;
    let out: string[];
    if (command === 'nsp') {
      // Trimmed, as the editor's command trims the sentences it takes: a file's final line end
      // would put a newline token before [SEP], which BERT never saw there (and it moves P(IsNext)).
      const read = await readInputs(files, process.stdin);
      const [a, b] = read.map((s) => s.trim());
      // Said with the file's name before the model loads ("sentence B is empty" named no file, and a file of blank lines is not empty).
      const blank = read.findIndex((s) => s.trim() === '');
      if (blank >= 0) {
        const name = fileName(files[blank]);
        return refuse(`${name} (sentence ${'AB'[blank]}) ${read[blank] === '' ? 'is empty' : 'holds only whitespace'}`);
      }
      const r = await engine.request('nsp', { model, request: { a, b } });
      const { runMs: _runMs, ...rest } = r;
      [json, out] = [rest, nspText(r)];
    } else if (command === 'finetune') {
      const folds = wholeNumber('folds', text(values, 'folds'));
      // Its lines are named as analyze names its input: "stdin:2", not "-:2".
      const examples = parseLabels(await readInput(files[0], process.stdin), fileName(files[0]));
      const r = await engine.request('fineTune', { model, request: { examples, folds } });
      [json, out] = [fineTuneJson(r), fineTuneText(r)];
    } else if (command === 'positions') {
      const r = await engine.request('positions', { model, count: count(text(values, 'count')) });
      [json, out] = [positionsJson(r), positionsText(r)];
    } else {
      const r = await engine.request('scale', { model });
      [json, out] = [r, scaleText(r)];
    }
    process.stdout.write(values.json ? `${terminalSafeJson(json)}\n` : terminalText(out));
    return 0;
  } catch (error) {
    return failed(error);
  } finally {
    await engine.dispose();
  }
}
