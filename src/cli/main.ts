/**
 * The command-line tool (plain Node, no VS Code): runs the engine in-process on a file or stdin
 * and prints a readable summary, or writes the whole analysis as one JSON object.
 *
 *   attention-lens analyze FILE|- [--from N] [--to M] [--model ID_OR_FOLDER] [--layer L] [--head H]
 *                  [--mask N,...] [--top-k K] [--scores] [--json OUT|-] [--cache-dir DIR]
 *                  [--precision fp32|fp16|q8] [--offline]
 *   attention-lens nsp FILE_A FILE_B | positions [--count N] | params   [--model M] [--json]   (repr.ts)
 *
 * Bad input ends with one line naming the problem and exit code 2; never a stack trace.
 */
import { parseArgs } from 'node:util';
import { Engine, defaultCacheDir } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../engine/paths';
import { readInput } from './input';
import { toJson, writeJson } from './json';
import { REPR_COMMANDS, REPR_USAGE, reprMain } from './repr';
import { summary } from './summary';

const USAGE = `usage: attention-lens analyze FILE|- [--from N] [--to M] [--model ID_OR_FOLDER] [--layer L] [--head H]
                      [--mask N,...] [--top-k K] [--scores] [--json OUT|-] [--cache-dir DIR]
                      [--precision fp32|fp16|q8] [--offline]

FILE is read as UTF-8 ('-' reads stdin). --from/--to pick a character range [N, M).
--model defaults to the embedded ${EMBEDDED_ENCODER} when the text holds [MASK] or --mask is given,
otherwise to the embedded ${EMBEDDED_DECODER}. --layer/--head choose what the summary shows
(default: the last layer, mean over heads). Positions (--mask) index the analysis' tokens,
special tokens included. --model takes a folder in the Optimum layout or a Hugging Face hub id,
downloaded once from HF_ENDPOINT (default: the hub) into --cache-dir (default: ${defaultCacheDir()},
the cache the VS Code extension uses too). --offline, or HF_HUB_OFFLINE=1, never downloads.
--precision picks the weights: onnx/model.onnx (fp32), model_fp16.onnx, model_quantized.onnx (q8).

${REPR_USAGE}`;

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new EngineError('bad-input', `--${name} must be a whole number ≥ 0, got "${value}"`);
  return n;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (REPR_COMMANDS.has(argv[0] ?? '')) return reprMain(argv);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        model: { type: 'string' },
        layer: { type: 'string' },
        head: { type: 'string' },
        mask: { type: 'string' },
        'top-k': { type: 'string' },
        json: { type: 'string' },
        'cache-dir': { type: 'string' },
        scores: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        precision: { type: 'string' },
        offline: { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`attention-lens: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'analyze' || positionals.length !== 2) {
    process.stderr.write(`attention-lens: expected "analyze FILE"\n${USAGE}\n`);
    return 2;
  }
  const weights = values.precision ?? 'fp32';
  if (weights !== 'fp32' && weights !== 'fp16' && weights !== 'q8') {
    process.stderr.write(`attention-lens: --precision must be fp32, fp16 or q8, got "${weights}"\n`);
    return 2;
  }
  const offline = values.offline === true || ['1', 'true', 'yes'].includes((process.env.HF_HUB_OFFLINE ?? '').toLowerCase());
  const engine = new Engine({ cacheDir: values['cache-dir'] ?? defaultCacheDir(), precision: 'float32', allowRemote: !offline, weights });
  try {
    const text = await readInput(positionals[1]);
    if (text.length === 0) throw new EngineError('bad-input', `${positionals[1]} is empty`);
    const from = int('from', values.from) ?? 0;
    const to = int('to', values.to) ?? text.length;
    const mask = values.mask ? values.mask.split(',').map((p) => int('mask', p.trim()) as number) : undefined;
    const topK = int('top-k', values['top-k']) ?? 5;
    const useEncoder = mask !== undefined || /\[MASK\]|<mask>/.test(text.slice(from, to));
    const model = values.model ?? embeddedModel(useEncoder ? EMBEDDED_ENCODER : EMBEDDED_DECODER);
    const result = await engine.analyze(model, { text, range: { start: from, end: to }, mask, topK, scores: values.scores });
    const layer = int('layer', values.layer) ?? result.attention.layers - 1;
    const head = int('head', values.head);
    if (layer >= result.attention.layers)
      throw new EngineError(
        'bad-input',
        `--layer ${layer} is out of range (the model has ${result.attention.layers} layers: 0–${result.attention.layers - 1})`,
      );
    if (head !== undefined && head >= result.attention.heads)
      throw new EngineError('bad-input', `--head ${head} is out of range (the model has ${result.attention.heads} heads: 0–${result.attention.heads - 1})`);
    if (values.json) await writeJson(values.json, toJson(result));
    if (values.json !== '-') process.stdout.write(summary(result, layer, head));
    return 0;
  } catch (error) {
    const message = error instanceof EngineError ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
    process.stderr.write(`attention-lens: ${message.split('\n')[0]}\n`);
    return error instanceof EngineError ? 2 : 1;
  } finally {
    await engine.dispose();
  }
}
