// Engine overhead benchmark (build-time tool, Node): `npm run bench:engine`.
// Measures, side by side in one process, a bare onnxruntime `session.run` of the UNPATCHED model (all of its
// outputs, as a plain forward pass returns them) against the full `Engine.analyze` (tokenize + align + patched
// run fetching attention and the in-graph prediction heads + post-processing), with the engine default
// (attention as float16), with float32 attention, float16 with the scores before softmax fetched with the run
// (what the extension asked for until the worker computed them on request), and the request the extension
// sends by default as the worker serves it (analyzeKept: the analysis kept, its scores available on request),
// followed by the first scores view of that analysis (one head's matrix before softmax: the worker runs the
// inputs again for that layer's scores). Same session options on both sides (threads = cores,
// interOpNumThreads 1, graphOptimizationLevel 'all'), same token ids, 2 warm-ups, then interleaved runs;
// medians and minima. Models: the tiny test fixtures and the BERT-base / GPT-2-small-sized random models that
// tools/fixtures/makeFixtures.ts writes to bench-models/ (built here when absent, never committed).
//   npm run bench:engine                      # everything, ~3–5 minutes on 2 cores
//   npm run bench:engine -- --only bertBase --runs 5
//   npm run bench:engine -- --only probes     # the probes' figures alone (benchProbes.ts)
//   npm run bench:engine -- --as-is           # without the engine process's allocator settings (processEnv.ts)
// The last line printed is one JSON object with every figure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { toOverview, type AnalysisResult } from '../../src/protocol/analysis';
import { NO_CLEANING, type MatrixRequest } from '../../src/protocol/views';
import { Engine } from '../../src/engine/engine';
import { TensorStore } from '../../src/engine/views/tensorStore';
import { serveView } from '../../src/engine/views/viewServer';
import { sessionOptions, type LoadedModel } from '../../src/engine/model';
import { PATCHER_VERSION } from '../../src/engine/onnx/patch';
import { engineProcessEnv } from '../../src/engine/processEnv';
import { BENCH_MODELS_DIR, TINY_FIXTURES_DIR, makeBaseModels } from '../fixtures/makeFixtures';
import { textWithTokens } from './benchText';
import { benchProbes } from './benchProbes';
import { median, pad, round, summarize, type Summary } from './stats';
import { plainFeeds } from './plainFeeds';

interface ModelCase {
  readonly key: string;
  readonly folder: string;
}

interface Options {
  readonly runs: number;
  readonly warmups: number;
  readonly only: readonly string[] | null;
  readonly lengths: readonly number[];
}

interface LengthFigures {
  readonly T: number;
  readonly bareMs: number;
  readonly analyzeMs: number;
  readonly ratio: number;
  readonly bareMinMs: number;
  readonly analyzeMinMs: number;
  /** analyzeMinMs / bareMinMs: the least disturbed pair when other work shares the cores. */
  readonly ratioOfMins: number;
  /** Where analyze's time goes (engine default precision, medians): tokenize+align, session.run, post. */
  readonly breakdownMs: { readonly tokenize: number; readonly run: number; readonly post: number };
  /** Minor page faults per run (medians): freshly touched output memory is slow on these VMs. */
  readonly pageFaults: { readonly bare: number; readonly analyze: number };
  readonly float32: { readonly analyzeMs: number; readonly analyzeMinMs: number; readonly ratio: number; readonly pageFaults: number };
  /** float16 with the scores before softmax fetched with the run (the extension's request until on-request scores). */
  readonly withScores: {
    readonly analyzeMs: number;
    readonly analyzeMinMs: number;
    readonly ratio: number;
    readonly ratioOfMins: number;
    readonly pageFaults: number;
  };
  /** The extension's default request as the worker serves it (analyzeKept), over the bare run. */
  readonly extensionRatio: number;
  /** Its times; ratioOfMins: the least disturbed pair when other work shares the cores. */
  readonly extension: { readonly analyzeMs: number; readonly analyzeMinMs: number; readonly ratioOfMins: number; readonly pageFaults: number };
  /** The first scores view of that analysis (the last layer, one head, the whole matrix as the matrix view asks). */
  readonly firstScoresMs: number;
  readonly firstScoresMinMs: number;
}

/** The settings' defaults, as package.json contributes them. */
const MANIFEST = JSON.parse(readFileSync(path.join(BENCH_MODELS_DIR, '..', 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
};
const settingDefault = (name: string): number => Number(MANIFEST.contributes.configuration.properties[`attentionLens.${name}`].default);

/**
 * What the extension asks by default (host/analyses/analysisRunner.ts under the default settings): no scores
 * up front, the residual stream kept for the layer lens.
 */
function extensionRequest(text: string): { text: string; topK: number; maxTokens: number; hidden: true } {
  return { text, topK: settingDefault('topK'), maxTokens: settingDefault('maxTokens'), hidden: true };
}

/** The first scores view: what the matrix view asks when one head's matrix opens (scores beside probabilities). */
function scoresView(key: number, layer: number, t: number): MatrixRequest {
  const all = { start: 0, count: t };
  return { key, layer, combine: { kind: 'head', head: 0 }, stage: 'scores', cleaning: NO_CLEANING, rows: all, cols: all, maxSide: 512, encoding: 'f32' };
}

const CASES: readonly ModelCase[] = [
  { key: 'bertBase', folder: path.join(BENCH_MODELS_DIR, 'bert-base') },
  { key: 'gpt2Small', folder: path.join(BENCH_MODELS_DIR, 'gpt2-small') },
  { key: 'tinyBert', folder: path.join(TINY_FIXTURES_DIR, 'tiny-bert') },
  { key: 'tinyGpt2', folder: path.join(TINY_FIXTURES_DIR, 'tiny-gpt2') },
];

const IDLE_GAP_MS = 25;

// The engine's own options, so the bare run and analyze differ only in what analyze adds.
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = sessionOptions(os.availableParallelism());

function parseArgs(argv: readonly string[]): Options {
  let runs = 7;
  let warmups = 2;
  let only: string[] | null = null;
  let lengths = [128, 512];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--runs') runs = Number(argv[++i]);
    else if (arg === '--warmups') warmups = Number(argv[++i]);
    else if (arg === '--only') only = argv[++i].split(',');
    else if (arg === '--lengths') lengths = argv[++i].split(',').map(Number);
    else
      throw new Error(
        `unknown argument ${arg} (usage: benchEngine.ts [--runs N] [--warmups N] [--only bertBase,gpt2Small,tinyBert,tinyGpt2,probes] [--lengths 128,512])`,
      );
  }
  if (!(runs >= 1 && warmups >= 0 && lengths.every((t) => t >= 8))) throw new Error('bad --runs/--warmups/--lengths');
  return { runs, warmups, only, lengths };
}

/** Counts tokens exactly as the engine's tokenizer does (special tokens included). */
function tokenCounter(model: LoadedModel): (text: string) => number {
  const inner = (model.tokenizer as unknown as { _tokenizer: { encode(t: string, o: object): { ids: number[] } } })._tokenizer;
  return (text) => inner.encode(text, { add_special_tokens: true }).ids.length;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Times one call. A short pause first lets the previous session's spinning ORT threads park, so that
 * interleaving three sessions on two cores does not bill one session for another's spin-wait. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T, number]> {
  await sleep(IDLE_GAP_MS);
  const faults = process.resourceUsage().minorPageFault;
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  return [ms, value, process.resourceUsage().minorPageFault - faults];
}

async function benchLength(
  c: ModelCase,
  T: number,
  bare: ort.InferenceSession,
  e16: Engine,
  e32: Engine,
  m16: LoadedModel,
  options: Options,
): Promise<LengthFigures> {
  const text = textWithTokens(tokenCounter(m16), T);
  const request = { text, topK: 5 };
  const probe = await e16.analyze(c.folder, request);
  if (probe.attention.length !== T) throw new Error(`${c.key}: analyze ran ${probe.attention.length} tokens, expected ${T}`);
  const feeds = plainFeeds(
    bare,
    BigInt64Array.from(
      probe.tokens.map((t) => t.id),
      BigInt,
    ),
  );
  const runBare = (): Promise<unknown> => bare.run(feeds);
  const run16 = (): Promise<AnalysisResult> => e16.analyze(c.folder, request);
  const run32 = (): Promise<AnalysisResult> => e32.analyze(c.folder, request);
  const runScores = (): Promise<AnalysisResult> => e16.analyze(c.folder, { ...request, scores: true });
  // The worker's analyzeKept (worker.ts): analyze, keep the tensors, the hidden states and the sources of scores and
  // probes, answer the overview.
  const store = new TensorStore();
  const runExtension = async (): Promise<number> => {
    const { result, scores, probes } = await e16.analyzeForViews(c.folder, extensionRequest(text));
    const key = store.keep(result.attention, result.tokens, scores, { hidden: result.hidden, source: probes });
    return toOverview(result, key, scores !== null).attention.key;
  };
  const firstScores = async (key: number): Promise<void> => {
    const { layers, length } = store.get(key).data;
    await store.ensureScores(key, layers - 1);
    const reply = serveView(store.get(key), 'matrix', scoresView(key, layers - 1, length));
    if (reply.height === 0) throw new Error(`${c.key}: empty scores view`);
  };
  for (let i = 0; i < options.warmups; i++) {
    await runBare();
    await run16();
    await run32();
    await runScores();
    const key = await runExtension();
    await firstScores(key);
    store.release(key);
  }
  const bareMs: number[] = [];
  const a16: number[] = [];
  const a32: number[] = [];
  const aScores: number[] = [];
  const aExtension: number[] = [];
  const firstScoresMs: number[] = [];
  const faults = { bare: [] as number[], f16: [] as number[], f32: [] as number[], scores: [] as number[], extension: [] as number[] };
  const parts = { tokenize: [] as number[], run: [] as number[], post: [] as number[] };
  const steps: (() => Promise<void>)[] = [
    async () => {
      const [ms, , f] = await timed(runBare);
      bareMs.push(ms);
      faults.bare.push(f);
    },
    async () => {
      const [ms, result, f] = await timed(run16);
      a16.push(ms);
      faults.f16.push(f);
      parts.tokenize.push(result.timings.tokenizeMs);
      parts.run.push(result.timings.runMs);
      parts.post.push(result.timings.postMs);
    },
    async () => {
      const [ms, , f] = await timed(run32);
      a32.push(ms);
      faults.f32.push(f);
    },
    async () => {
      const [ms, , f] = await timed(runScores);
      aScores.push(ms);
      faults.scores.push(f);
    },
    async () => {
      const [ms, key, f] = await timed(runExtension);
      aExtension.push(ms);
      faults.extension.push(f);
      const [scoresMs] = await timed(() => firstScores(key));
      firstScoresMs.push(scoresMs);
      store.release(key);
    },
  ];
  // Interleaved, and the order rotates each round so that no variant always follows the same one
  // (whose garbage the collector may be freeing, or whose threads may still be spinning).
  for (let i = 0; i < options.runs; i++) {
    for (let j = 0; j < steps.length; j++) await steps[(i + j) % steps.length]();
  }
  const b: Summary = summarize(bareMs);
  const s16 = summarize(a16);
  const s32 = summarize(a32);
  const sScores = summarize(aScores);
  const sExtension = summarize(aExtension);
  const sFirst = summarize(firstScoresMs);
  return {
    T,
    bareMs: b.medianMs,
    analyzeMs: s16.medianMs,
    ratio: round(s16.medianMs / b.medianMs, 3),
    bareMinMs: b.minMs,
    analyzeMinMs: s16.minMs,
    ratioOfMins: round(s16.minMs / b.minMs, 3),
    breakdownMs: { tokenize: round(median(parts.tokenize)), run: round(median(parts.run)), post: round(median(parts.post)) },
    pageFaults: { bare: median(faults.bare), analyze: median(faults.f16) },
    float32: { analyzeMs: s32.medianMs, analyzeMinMs: s32.minMs, ratio: round(s32.medianMs / b.medianMs, 3), pageFaults: median(faults.f32) },
    withScores: {
      analyzeMs: sScores.medianMs,
      analyzeMinMs: sScores.minMs,
      ratio: round(sScores.medianMs / b.medianMs, 3),
      ratioOfMins: round(sScores.minMs / b.minMs, 3),
      pageFaults: median(faults.scores),
    },
    extensionRatio: round(sExtension.medianMs / b.medianMs, 3),
    extension: {
      analyzeMs: sExtension.medianMs,
      analyzeMinMs: sExtension.minMs,
      ratioOfMins: round(sExtension.minMs / b.minMs, 3),
      pageFaults: median(faults.extension),
    },
    firstScoresMs: sFirst.medianMs,
    firstScoresMinMs: sFirst.minMs,
  };
}

async function benchModel(c: ModelCase, options: Options, cacheDir: string): Promise<Record<string, unknown>> {
  const e16 = new Engine({ cacheDir, precision: 'float16' });
  const e32 = new Engine({ cacheDir, precision: 'float32' });
  const bare = await ort.InferenceSession.create(path.join(c.folder, 'onnx', 'model.onnx'), SESSION_OPTIONS);
  try {
    const m16 = await e16.load(c.folder);
    await e32.load(c.folder);
    const max = m16.facts.maxPositions;
    const lengths = [...new Set(options.lengths.map((t) => Math.min(t, max)))];
    const entry: Record<string, unknown> = { maxPositions: max };
    if (lengths.length < options.lengths.length || lengths.some((t, i) => t !== options.lengths[i])) {
      entry.note = `capped at the model's ${max} positions`;
    }
    for (const T of lengths) {
      const f = await benchLength(c, T, bare, e16, e32, m16, options);
      entry[`T${T}`] = f;
      console.log(
        `${pad(c.key, 10)} T=${pad(T, 3)}  bare ${pad(f.bareMs.toFixed(1), 7)} ms (min ${pad(f.bareMinMs.toFixed(1), 7)})` +
          `  analyze f16 ${pad(f.analyzeMs.toFixed(1), 7)} ms (min ${pad(f.analyzeMinMs.toFixed(1), 7)}) ×${f.ratio.toFixed(3)} (mins ×${f.ratioOfMins.toFixed(3)})` +
          `  [tok ${f.breakdownMs.tokenize} run ${f.breakdownMs.run} post ${f.breakdownMs.post}; faults ${f.pageFaults.bare}/${f.pageFaults.analyze}]` +
          `  f32 ${pad(f.float32.analyzeMs.toFixed(1), 7)} ms ×${f.float32.ratio.toFixed(3)}` +
          `  f16+scores ${pad(f.withScores.analyzeMs.toFixed(1), 7)} ms ×${f.withScores.ratio.toFixed(3)}` +
          `  extension ${pad(f.extension.analyzeMs.toFixed(1), 7)} ms ×${f.extensionRatio.toFixed(3)}, first scores view ${f.firstScoresMs.toFixed(1)} ms`,
      );
    }
    return entry;
  } finally {
    await bare.release();
    await e16.dispose();
    await e32.dispose();
  }
}

/** Patched copies of the base models are ~450 MB each: drop the ones an older patcher version wrote. */
function pruneStalePatches(cacheDir: string): void {
  const dir = path.join(cacheDir, 'patched');
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const version = /-p(\d+)-/.exec(entry)?.[1];
    if (version !== undefined && Number(version) !== PATCHER_VERSION) rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

/**
 * Runs this benchmark again in a child process with the engine process's environment (allocator
 * tunables, src/engine/processEnv.ts), so that it measures what the extension's engine runs under;
 * `--as-is` measures this process unchanged. Returns false when this process is the one to measure.
 */
function rerunAsEngine(argv: readonly string[]): boolean {
  const env = engineProcessEnv(process.env);
  if (argv.includes('--as-is') || env.GLIBC_TUNABLES === process.env.GLIBC_TUNABLES) return false;
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env });
  process.exitCode = child.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (rerunAsEngine(process.argv.slice(2))) return;
  const options = parseArgs(process.argv.slice(2).filter((a) => a !== '--as-is'));
  const started = performance.now();
  if (
    !existsSync(path.join(BENCH_MODELS_DIR, 'bert-base', 'onnx', 'model.onnx')) ||
    !existsSync(path.join(BENCH_MODELS_DIR, 'gpt2-small', 'onnx', 'model.onnx'))
  ) {
    console.log('building the base-sized random models in bench-models/ …');
    makeBaseModels();
  }
  const cacheDir = path.join(BENCH_MODELS_DIR, '.cache');
  pruneStalePatches(cacheDir);
  const load = (): string =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(
    `onnxruntime-node ${ort.env.versions.node ?? '?'}, ${os.availableParallelism()} threads, ${options.warmups} warm-ups + ${options.runs} interleaved runs each, medians; load average ${load()}; GLIBC_TUNABLES=${process.env.GLIBC_TUNABLES ?? '(unset)'}`,
  );
  const figures: Record<string, unknown> = {};
  for (const c of CASES) {
    if (options.only && !options.only.includes(c.key)) continue;
    figures[c.key] = await benchModel(c, options, cacheDir);
  }
  // The probes (issue 16): `--only probes` runs these alone.
  if (!options.only || options.only.includes('probes')) {
    Object.assign(figures, await benchProbes(cacheDir, options.runs, options.warmups, settingDefault('topK'), settingDefault('maxTokens')));
  }
  console.log(`load average at the end: ${load()} (other processes on these cores inflate every figure; compare ratios)`);
  figures.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  figures.seconds = round((performance.now() - started) / 1000);
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
