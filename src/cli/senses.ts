/**
 * The `senses` subcommand of the command-line tool (plain Node): every whole-word occurrence of a
 * word in a file and, per layer (0: the static input-embedding rows), the occurrences' cosine
 * matrix; a readable summary, or one JSON object with --json:
 * `{ word, occurrences: [{ start, end }], layers: [{ layer, cosine: N×N }] }` plus the model, the
 * clusters, the principal plane and the static rows' nearest vocabulary neighbours. Bad input ends
 * with one line and exit code 2. Every line printed is neutralised.
 *
 *   attention-lens senses notes.txt --word banco [--model M] [--json]
 */
import { parseArgs } from 'node:util';
import type { SensesResult } from '../protocol/reprViews';
import { neutralise } from '../protocol/neutralise';
import { Engine, defaultCacheDir } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { EMBEDDED_ENCODER, embeddedModel } from '../engine/paths';
import { senses } from '../engine/repr/senses';
import { readInput } from './io';

export const SENSES_USAGE = `       attention-lens senses FILE --word W [--model M] [--json]   (also --cache-dir, --precision, --offline)`;

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
/** A flat row-major n × n matrix as nested rows. */
const nest = (flat: Float32Array, n: number): number[][] => Array.from({ length: n }, (_, r) => Array.from(flat.subarray(r * n, (r + 1) * n), round));
const show = (s: string): string => neutralise(JSON.stringify(s).slice(1, -1), 200);

/** The issue's contract and the extra fields, every number rounded to 6 decimals. */
export function sensesJson(r: SensesResult): object {
  const n = r.occurrences.length;
  return {
    model: r.model,
    word: r.word,
    found: r.found,
    occurrences: r.occurrences.map((o) => ({ start: o.start, end: o.end, ids: o.ids })),
    layers: r.layers.map((l) => ({
      layer: l.layer,
      cosine: nest(l.cosine, n),
      clusters: l.clusters,
      projection: {
        points: Array.from({ length: n }, (_, i) => [round(l.projection.points[i * 2]), round(l.projection.points[i * 2 + 1])]),
        explained: l.projection.explained.map(round),
      },
    })),
    static: r.static.map((s) => ({ id: s.id, token: s.token, table: s.table, neighbours: s.neighbours.map((x) => ({ ...x, cosine: round(x.cosine) })) })),
  };
}

/** JSON with the characters a terminal would act on or reorder (C1 controls, bidi and zero-width marks) escaped: still the same JSON. */
export function jsonLine(value: object): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Mean cosine off the diagonal. */
function meanOff(cosine: Float32Array, n: number): number {
  if (n < 2) return 1;
  let sum = 0;
  for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) sum += cosine[p * n + q];
  return sum / (n * (n - 1));
}

function sensesText(r: SensesResult, text: string): string {
  const n = r.occurrences.length;
  const lineOf = (at: number): number => text.slice(0, at).split('\n').length;
  const lines = [
    `model        ${show(r.model)}`,
    `word         ${show(r.word)}: ${n} occurrences${r.found > n ? ` (of ${r.found})` : ''}, ${r.runs} windows in ${r.runMs.toFixed(0)} ms`,
    `occurrences  ${r.occurrences.map((o) => `line ${lineOf(o.start)}`).join(', ')}`,
    '',
    'layer  mean cosine  clusters',
    ...r.layers.map((l) => `${String(l.layer).padStart(5)}  ${meanOff(l.cosine, n).toFixed(3).padStart(11)}  ${l.clusters.join('')}`),
    '',
    'static rows (layer 0) and their nearest vocabulary entries',
    ...r.static.map((s) => `  ${show(s.token)}: ${s.neighbours.map((x) => `${show(x.token)} ${x.cosine.toFixed(2)}`).join(', ')}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function sensesMain(argv: readonly string[]): Promise<number> {
  const fail = (message: string): number => {
    process.stderr.write(`attention-lens: ${neutralise(message.split('\n')[0], 1000)}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        word: { type: 'string' },
        model: { type: 'string' },
        json: { type: 'boolean' },
        'cache-dir': { type: 'string' },
        precision: { type: 'string' },
        offline: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 2) return fail('expected "senses FILE --word W"');
  if (values.word === undefined || values.word.trim().length === 0) return fail('--word W is required');
  const weights = values.precision ?? 'fp32';
  if (weights !== 'fp32' && weights !== 'fp16' && weights !== 'q8') return fail(`--precision must be fp32, fp16 or q8, got "${weights}"`);
  const offline = values.offline === true || ['1', 'true', 'yes'].includes((process.env.HF_HUB_OFFLINE ?? '').toLowerCase());
  const engine = new Engine({ cacheDir: values['cache-dir'] ?? defaultCacheDir(), precision: 'float32', allowRemote: !offline, weights });
  const model = values.model ?? embeddedModel(EMBEDDED_ENCODER);
  try {
    const text = await readInput(positionals[1], process.stdin);
    const r = await senses(await engine.load(model), { text, word: values.word });
    process.stdout.write(values.json ? `${jsonLine(sensesJson(r))}\n` : sensesText(r, text));
    return 0;
  } catch (error) {
    if (error instanceof EngineError) return fail(error.message);
    process.stderr.write(`attention-lens: unexpected error: ${neutralise((error as Error).message ?? String(error), 1000)}\n`);
    return 1;
  } finally {
    await engine.dispose();
  }
}
