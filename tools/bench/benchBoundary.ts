// The cost of the engine's process boundary (build-time tool, Node): the same requests through
// EngineClient with the engine in a child process (structured clones over IPC, what the extension
// and the CLI run) and in a worker thread (buffers transferred, what they ran before issue 14), at
// 128 and 512 tokens with the embedded decoder and encoder (4 layers × 4 heads, 512 positions):
// the analysis overview the host receives (analyzeKept), the view replies a webview asks for
// (a full T×T head matrix in f32 and u8, the thumbnails, one row, the links of a layer), a ping,
// and the time from a request's deadline to a fresh engine answering an analysis again.
// Interleaved runs, medians in ms; the last line printed is one JSON object with every figure.
//   npx tsx tools/bench/benchBoundary.ts [--runs N]
import { serialize } from 'node:v8';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../src/engine/paths';
import { EngineClient } from '../../src/engine/workerClient';
import { Engine } from '../../src/engine/engine';
import type { EngineMethods } from '../../src/protocol/engineApi';
import { NO_CLEANING } from '../../src/protocol/views';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packageRoot } from '../../src/engine/paths';
import { HANGING_TEXT, writeBacktrackingTokenizerModel } from '../fixtures/hostileModels';
import { textWithTokens } from './benchText';
import { median, round } from './stats';

type Isolation = 'process' | 'thread';
const ISOLATIONS: readonly Isolation[] = ['thread', 'process'];
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

/** Requests of one analysis: each returns its reply (for the payload size). */
function requests(key: number, T: number): Record<string, [keyof EngineMethods & string, unknown]> {
  const all = { start: 0, count: T };
  const base = { key, layer: 3, cleaning: NO_CLEANING };
  return {
    matrixF32: ['matrix', { ...base, combine: { kind: 'head', head: 1 }, stage: 'probs', rows: all, cols: all, encoding: 'f32' }],
    matrixU8: ['matrix', { ...base, combine: { kind: 'mean' }, stage: 'probs', rows: all, cols: all, encoding: 'u8' }],
    thumbnails: ['thumbnails', { key, size: 32, cleaning: NO_CLEANING }],
    row: ['row', { ...base, combine: { kind: 'mean' }, query: T - 1 }],
    links: ['links', { ...base, heads: [{ kind: 'mean' }], topK: 3, threshold: 0.05 }],
    ping: ['ping', null],
  };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

const WORKER = path.join(packageRoot(), 'dist', 'worker.cjs');

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lens-bench-'));
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
  const cacheDir = path.join(scratch, 'cache');
  const counter = new Engine({ cacheDir });
  const figures: Record<string, unknown> = { runs: RUNS };
  for (const [label, name] of [
    ['decoder', EMBEDDED_DECODER],
    ['encoder', EMBEDDED_ENCODER],
  ] as const) {
    const model = embeddedModel(name);
    const loaded = await counter.load(model);
    const inner = (loaded.tokenizer as unknown as { _tokenizer: { encode(t: string, o: object): { ids: number[] } } })._tokenizer;
    for (const T of [128, 512]) {
      const text = textWithTokens((s) => inner.encode(s, { add_special_tokens: true }).ids.length, T);
      const clients = Object.fromEntries(
        ISOLATIONS.map((isolation) => [isolation, new EngineClient({ workerPath: WORKER, settings: { cacheDir }, isolation })]),
      ) as Record<Isolation, EngineClient>;
      const samples: Record<string, Record<Isolation, number[]>> = {};
      const bytes: Record<string, number> = {};
      const add = (what: string, isolation: Isolation, ms: number): void => {
        samples[what] ??= { thread: [], process: [] };
        samples[what][isolation].push(ms);
      };
      for (let run = -2; run < RUNS; run++) {
        for (const isolation of ISOLATIONS) {
          const client = clients[isolation];
          let overview: EngineMethods['analyzeKept']['result'] | null = null;
          const ms = await time(async () => (overview = await client.request('analyzeKept', { model, request: { text } })));
          const kept = overview as unknown as EngineMethods['analyzeKept']['result'];
          if (kept.tokens.length !== T) throw new Error(`expected ${T} tokens, got ${kept.tokens.length}`);
          if (run >= 0) add('analyzeKept', isolation, ms);
          bytes.analyzeKept = serialize(kept).length;
          for (const [what, [method, params]] of Object.entries(requests(kept.attention.key, T))) {
            let reply: unknown;
            const took = await time(async () => (reply = await client.request(method, params as never)));
            if (run >= 0) add(what, isolation, took);
            bytes[what] = serialize(reply).length;
          }
          await client.request('release', { key: kept.attention.key });
        }
      }
      const entry: Record<string, unknown> = {};
      for (const [what, by] of Object.entries(samples)) {
        const thread = round(median(by.thread), 2);
        const processMs = round(median(by.process), 2);
        entry[what] = { threadMs: thread, processMs, extraMs: round(processMs - thread, 2), replyBytes: bytes[what] };
        console.log(
          `${label} T=${T} ${what.padEnd(12)} thread ${thread} ms  process ${processMs} ms  (+${round(processMs - thread, 2)} ms, ${bytes[what]} bytes)`,
        );
      }
      figures[`${label}T${T}`] = entry;
      await Promise.all(ISOLATIONS.map((i) => clients[i].dispose()));
    }
  }
  await counter.dispose();
  figures.restart = await restartTimes(cacheDir, path.join(scratch, 'backtracking'));
  console.log(`deadline → fresh engine answering: ${JSON.stringify(figures.restart)}`);
  console.log(JSON.stringify(figures));
}

/**
 * An analysis that hangs (a backtracking tokenizer) until its 1 s deadline: how long after the
 * deadline it fails (the kill), then the next analysis on a fresh engine (start, load, run).
 */
async function restartTimes(cacheDir: string, folder: string): Promise<{ afterDeadlineMs: number; nextAnalysisMs: number }> {
  const client = new EngineClient({ workerPath: WORKER, settings: { cacheDir } });
  const model = embeddedModel(EMBEDDED_DECODER);
  const hanging = writeBacktrackingTokenizerModel(model, folder);
  await client.request('analyze', { model, request: { text: 'warm' } });
  await client.request('load', { model: hanging });
  const started = performance.now();
  const failed = await client.request('analyze', { model: hanging, request: { text: HANGING_TEXT } }, { timeoutMs: 1000 }).then(
    () => 'finished',
    (e: unknown) => (e as { code?: string }).code,
  );
  if (failed !== 'timeout') throw new Error(`expected a timeout, got ${failed}`);
  const afterDeadlineMs = performance.now() - started - 1000;
  const nextAnalysisMs = await time(() => client.request('analyze', { model, request: { text: 'the engine is back' } }));
  await client.dispose();
  return { afterDeadlineMs: round(afterDeadlineMs, 1), nextAnalysisMs: round(nextAnalysisMs, 1) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
