/**
 * The command-line tool (plain Node, no VS Code): runs the engine (in its own process, so that
 * `--timeout` can stop a hang) on a file or stdin and prints a readable summary, or writes the whole analysis as one JSON object.
 *
 *   attention-lens analyze FILE|- [--from N] [--to M] [--model ID_OR_FOLDER] [--layer L] [--head H]
 *                  [--mask N,...] [--top-k K] [--scores] [--json OUT|-] [--cache-dir DIR]
 *                  [--precision fp32|fp16|q8] [--offline] [--timeout S] [--lens] [--qkv L] [--hidden] [--ablate L:H[,L:H…]]
 *   attention-lens nsp FILE_A FILE_B | positions [--count N] | params | finetune LABELS.tsv [--folds K]   [--model M] [--json]   (repr.ts)
 *   attention-lens senses FILE… --word W [--at [FILE:]LINE:COL] [--model M] [--json]   (senses.ts)
 *
 * They parse their arguments with args.ts.
 *
 * Bad input ends with one line naming the problem and exit code 2; never a stack trace. Every line
 * it prints is neutralised (no terminal sequences or bidi characters from a model or a file).
 */
import { EngineError } from '../engine/errors';
import { MAX_CANDIDATES, type HeadRef } from '../protocol/analysis';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, defaultCacheDir, embeddedModel } from '../engine/paths';
import { EXIT_USAGE, cliEngine, failed, parseCli, refuse, text as str } from './args';
import { wholeProblem } from '../protocol/engineParams';
import { checkWritable, fileName, readInput, wholeNumber as int, wholeNumbers, writeFailure } from './io';
import { toJson, writeJson } from './json';
import { REPR_COMMANDS, REPR_USAGE, reprMain } from './repr';
import { spanText, summary } from './summary';
import { SENSES_USAGE, sensesMain } from './senses';

const USAGE = `usage: attention-lens analyze FILE|- [--from N] [--to M] [--model ID_OR_FOLDER] [--layer L] [--head H]
                      [--mask N,...] [--top-k K] [--scores] [--json OUT|-] [--cache-dir DIR]
                      [--precision fp32|fp16|q8] [--offline] [--timeout S] [--lens] [--qkv L] [--hidden]
                      [--ablate L:H[,L:H...]]

FILE is read as UTF-8 ('-' reads stdin; a leading byte-order mark is dropped, and mixed line ends or
lone CRs are made one kind, as the editor does when it opens a file, so offsets are the editor's);
UTF-16 and binary data (a PNG, a gzip file) are refused.
--from/--to pick a character range [N, M) (an edge inside what reads as one character: a surrogate
pair, a CRLF, a letter and its accents, an emoji sequence or a flag, widens to the whole of it).
The summary gives each range as its first and last character, both included (--from/--to and the
JSON take [N, M): the JSON's end is one past the last), each with its line:column too (from 1, as
code --goto takes them).
--model defaults to the embedded ${EMBEDDED_ENCODER} when the text holds [MASK] or --mask is given,
otherwise to the embedded ${EMBEDDED_DECODER}. --layer/--head choose what the summary shows
(default: the last layer, mean over heads). Positions (--mask) index the analysis' tokens,
special tokens included. --model takes a folder in the Optimum layout (an absolute path, or one
starting with ./, ../ or ~) or a Hugging Face hub id (anything else),
downloaded once from HF_ENDPOINT (default: the hub) into --cache-dir (default: ${defaultCacheDir()},
the cache the VS Code extension uses too). --offline, or HF_HUB_OFFLINE=1, never downloads.
--precision picks the weights: onnx/model.onnx (fp32), model_fp16.onnx, model_quantized.onnx (q8).
--timeout stops the engine when S seconds pass with no reply and no progress (default 120); loading
the model counts, but each step of a download restarts the count, so a slow download that moves is
never cut short (one that stalls is). --top-k lists K candidates per prediction (default 5, at most
the ${MAX_CANDIDATES} the engine keeps).
The JSON can also hold: --lens, the model's own output head applied after every layer (each position
of a decoder, each masked position of an encoder; not calibrated before the last layer); --qkv L, layer
L's query, key and value per head as its attention product consumes them; --hidden, the residual stream
(embeddings, then after each block). --ablate L:H,... runs with those heads switched off.

${REPR_USAGE}
${SENSES_USAGE}

${EXIT_USAGE}`;

const COMMANDS = ['analyze', ...REPR_COMMANDS, 'senses'];

/** --ablate L:H[,L:H…]: the heads to switch off, as plain decimal numbers. */
function ablateArg(value: string | undefined): HeadRef[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((pair) => {
    const m = /^([0-9]+):([0-9]+)$/.exec(pair.trim());
    if (!m) throw new EngineError('bad-input', `--ablate takes LAYER:HEAD pairs separated by commas, got ${JSON.stringify(pair)}`);
    return { layer: Number(m[1]), head: Number(m[2]) };
  });
}

export async function main(argv: readonly string[]): Promise<number> {
  if (REPR_COMMANDS.has(argv[0] ?? '')) return reprMain(argv);
  if (argv[0] === 'senses') return sensesMain(argv);
  // A misspelt command used to be parsed with analyze's options and refused for an option of its own.
  if (argv[0] !== undefined && argv[0] !== 'analyze' && !argv[0].startsWith('-')) return unknownCommand(argv[0]);
  const parsed = parseCli(
    argv,
    {
      from: { type: 'string' },
      to: { type: 'string' },
      layer: { type: 'string' },
      head: { type: 'string' },
      mask: { type: 'string' },
      'top-k': { type: 'string' },
      json: { type: 'string' },
      scores: { type: 'boolean' },
      lens: { type: 'boolean' },
      qkv: { type: 'string' },
      hidden: { type: 'boolean' },
      ablate: { type: 'string' },
    },
    ['--from', '--to', '--layer', '--head', '--mask', '--top-k'],
  );
  if ('error' in parsed) {
    return refuse(parsed.error);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] !== 'analyze') return unknownCommand(positionals[0]);
  if (positionals.length !== 2) {
    return refuse('expected "analyze FILE" (see attention-lens --help)');
  }
  let engine;
  try {
    engine = cliEngine(values);
  } catch (error) {
    return refuse((error as Error).message);
  }
  try {
    // Every argument is checked before the input is read and before any model loads.
    const [fromArg, toArg, layerArg, head] = (['from', 'to', 'layer', 'head'] as const).map((name) => int(name, str(values, name)));
    const mask = wholeNumbers('mask', str(values, 'mask'));
    const topK = int('top-k', str(values, 'top-k')) ?? 5;
    // The bounds of what the engine keeps, said with the option's name (0 used to be read as 1; above
    // MAX_CANDIDATES a list stopped short of K without a word).
    const topKProblem = wholeProblem('--top-k', topK, { min: 1, max: MAX_CANDIDATES });
    if (topKProblem) throw new EngineError('bad-input', topKProblem);
    const json = str(values, 'json');
    if (json) await checkWritable(json);
    const text = await readInput(positionals[1], process.stdin);
    const source = fileName(positionals[1]);
    if (text.length === 0) throw new EngineError('bad-input', `${source} is empty`);
    const from = fromArg ?? 0;
    const to = toArg ?? text.length;
    // The range is checked here, where the options' names are known, and before any model loads.
    for (const [name, at, last] of [
      ['from', from, text.length - 1],
      ['to', to, text.length],
    ] as const)
      if (at > last) throw new EngineError('bad-input', `--${name} ${at} is past the end of the text (${text.length} characters)`);
    if (from >= to) throw new EngineError('bad-input', `--from ${from} must be less than --to ${to}${from === to ? ' (the range would be empty)' : ''}`);
    // Said with the file's name and the range, before a model loads (the engine's refusal spoke of a "selected text").
    if (text.slice(from, to).trim() === '') {
      throw new EngineError(
        'bad-input',
        fromArg === undefined && toArg === undefined
          ? `${source} holds only whitespace`
          : `characters ${spanText(text, from, to)} of ${source} are only whitespace`,
      );
    }
    // [MASK] is the embedded encoder's mask; "<mask>" (RoBERTa's) is an SVG element or a generic in code, which it would not mask.
    const useEncoder = mask !== undefined || /\[MASK\]/.test(text.slice(from, to));
    const model = str(values, 'model') ?? embeddedModel(useEncoder ? EMBEDDED_ENCODER : EMBEDDED_DECODER);
    const qkv = int('qkv', str(values, 'qkv'));
    const probes = {
      lens: values.lens === true,
      hidden: values.hidden === true,
      qkv: qkv === undefined ? undefined : [qkv],
      ablate: ablateArg(str(values, 'ablate')),
    };
    const result = await engine.request('analyze', {
      model,
      request: { text, range: { start: from, end: to }, mask, topK, scores: values.scores === true, ...probes },
    });
    const layer = layerArg ?? result.attention.layers - 1;
    if (layer >= result.attention.layers)
      throw new EngineError(
        'bad-input',
        `--layer ${layer} is out of range (the model has ${result.attention.layers} layers: 0–${result.attention.layers - 1})`,
      );
    if (head !== undefined && head >= result.attention.heads)
      throw new EngineError('bad-input', `--head ${head} is out of range (the model has ${result.attention.heads} heads: 0–${result.attention.heads - 1})`);
    if (json) await writeJson(json, toJson(result)).catch((error: unknown) => Promise.reject(writeFailure(json === '-' ? 'the output' : json, error)));
    if (json !== '-') process.stdout.write(summary(result, layer, head, text));
    return 0;
  } catch (error) {
    return failed(error);
  } finally {
    await engine.dispose();
  }
}

/** The refusal of a first word that is no command (none: undefined). */
function unknownCommand(word: string | undefined): number {
  const list = (last: string): string => COMMANDS.join(', ').replace(/, (\w+)$/, ` ${last} $1`);
  return refuse(
    word === undefined
      ? `expected a command: ${list('or')} (see attention-lens --help)`
      : `unknown command ${JSON.stringify(word)}: the commands are ${list('and')} (see attention-lens --help)`,
  );
}
