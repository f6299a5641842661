// The probes' costs (build-time tool, Node), for `npm run bench:engine` (benchEngine.ts prints them in its JSON):
//   probes.T512.ratio   the extension's default request keeping the hidden states (what the lens and the settling
//                       strip read) over the same request on the model patched without probes ("today's analysis"),
//                       512 tokens, the worse of the BERT-base- and GPT-2-small-sized models (each one listed too);
//                       defaultRatio: the same request without hidden states on both patches (what the probes'
//                       head mask and extra outputs cost a run that fetches none of them)
//   lens.onePositionMs  one position's lens across all layers of the GPT-2-small-sized model, from kept hidden states
//   lens.stripT512Ms    every position's lens across all layers of the embedded decoder at 512 tokens (the settling strip)
//                       (…CpuMs: the same in process CPU time, all threads: wall time ≈ CPU time / cores when they are free)
//   ablate.ratio        an analysis with one head switched off over the same analysis without, the worse of the two
// Medians of interleaved runs after warm-ups.
import path from 'node:path';
import { analyzeForViews, lensRunner } from '../../src/engine/analyze';
import { Engine } from '../../src/engine/engine';
import { loadModel, type LoadedModel } from '../../src/engine/model';
import { EMBEDDED_DECODER, embeddedModel } from '../../src/engine/paths';
import { lensFor } from '../../src/engine/probes';
import type { AnalyzeRequest } from '../../src/protocol/analysis';
import { BENCH_MODELS_DIR } from '../fixtures/makeFixtures';
import { textWithTokens } from './benchText';
import { median, round } from './stats';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function time(fn: () => Promise<unknown>): Promise<number> {
  await sleep(25);
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Median process CPU time (user + system, all threads) of `fn`: less disturbed than wall time when others share the cores. */
async function cpuMs(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    ms.push((used.user + used.system) / 1000);
  }
  return round(median(ms));
}

/** Median ms of each function, interleaved in rotating order; `mins` the least disturbed run of each (other work shares the cores). */
async function interleaved(fns: readonly (() => Promise<unknown>)[], runs: number, warmups: number): Promise<number[] & { mins: number[] }> {
  for (let i = 0; i < warmups; i++) for (const fn of fns) await fn();
  const ms = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) for (let j = 0; j < fns.length; j++) ms[(i + j) % fns.length].push(await time(fns[(i + j) % fns.length]));
  return Object.assign(
    ms.map((m) => round(median(m))),
    { mins: ms.map((m) => round(Math.min(...m))) },
  );
}

function counter(model: LoadedModel): (text: string) => number {
  const inner = (model.tokenizer as unknown as { _tokenizer: { encode(t: string, o: object): { ids: number[] } } })._tokenizer;
  return (text) => inner.encode(text, { add_special_tokens: true }).ids.length;
}

function decoder(model: LoadedModel): (id: number) => string {
  return (id) => model.tokenizer.decode([id], { skip_special_tokens: false });
}

export async function benchProbes(cacheDir: string, runs: number, warmups: number, topK: number, maxTokens: number): Promise<Record<string, unknown>> {
  const engine = new Engine({ cacheDir, precision: 'float16' });
  const perModel: Record<string, Record<string, number | number[]>> = {};
  const worst = (field: string): number => Math.max(...Object.values(perModel).map((m) => m[field] as number));
  let onePositionMs = 0;
  let onePositionCpuMs = 0;
  try {
    for (const [key, folder] of [
      ['bertBase', path.join(BENCH_MODELS_DIR, 'bert-base')],
      ['gpt2Small', path.join(BENCH_MODELS_DIR, 'gpt2-small')],
    ] as const) {
      const withProbes = await engine.load(folder);
      const plain = await loadModel(folder, { cacheDir, precision: 'float16', topK: 20, probes: false });
      try {
        const text = textWithTokens(counter(withProbes), 512);
        const request: AnalyzeRequest = { text, topK, maxTokens };
        const times = await interleaved(
          [
            () => analyzeForViews(plain, request),
            () => analyzeForViews(withProbes, request),
            () => analyzeForViews(withProbes, { ...request, hidden: true }),
            () => analyzeForViews(withProbes, { ...request, ablate: [{ layer: withProbes.facts.layers - 1, head: 0 }] }),
          ],
          runs,
          warmups,
        );
        const [before, after, keep, ablated] = times;
        const mins = times.mins;
        perModel[key] = {
          ratio: round(keep / before, 3),
          ratioOfMins: round(mins[2] / mins[0], 3),
          defaultRatio: round(after / before, 3),
          ablateRatio: round(ablated / after, 3),
          ablateRatioOfMins: round(mins[3] / mins[1], 3),
          ms: [before, after, keep, ablated],
          minMs: mins,
        };
        console.log(`probes ${key} T=512: today ${before} ms, default with probes ${after} ms, keeping hidden ${keep} ms, one head off ${ablated} ms`);
        if (key === 'gpt2Small') {
          const { result } = await analyzeForViews(withProbes, { text, topK, maxTokens, hidden: true });
          const hidden = result.hidden;
          if (!hidden) throw new Error('no hidden states');
          const ids = result.tokens.map((t) => t.id);
          const run = lensRunner(withProbes);
          const decode = decoder(withProbes);
          const one = () => lensFor(withProbes, hidden, [Math.floor(ids.length / 2)], topK, decode, run);
          [onePositionMs] = await interleaved([one], runs, warmups);
          onePositionCpuMs = await cpuMs(one, runs);
          console.log(`lens one position, ${hidden.states.length} layers, GPT-2-small-sized: ${onePositionMs} ms`);
        }
      } finally {
        await plain.dispose();
      }
    }
    const tiny = embeddedModel(EMBEDDED_DECODER);
    const model = await engine.load(tiny);
    const text = textWithTokens(counter(model), 512);
    const { result } = await analyzeForViews(model, { text, topK, hidden: true });
    const hidden = result.hidden;
    if (!hidden) throw new Error('no hidden states');
    const ids = result.tokens.map((t) => t.id);
    const positions = ids.map((_, i) => i);
    const run = lensRunner(model);
    const strip = () => lensFor(model, hidden, positions, 1, decoder(model), run);
    const [stripMs] = await interleaved([strip], runs, warmups);
    const stripCpuMs = await cpuMs(strip, runs);
    console.log(`lens strip, ${positions.length} tokens × ${hidden.states.length} layers, embedded decoder: ${stripMs} ms`);
    return {
      probes: { T512: { ratio: worst('ratio'), ratioOfMins: worst('ratioOfMins'), defaultRatio: worst('defaultRatio'), ...perModel } },
      lens: { onePositionMs, stripT512Ms: stripMs, stripTokens: positions.length, onePositionCpuMs, stripT512CpuMs: stripCpuMs },
      ablate: { ratio: worst('ablateRatio'), ratioOfMins: worst('ablateRatioOfMins') },
    };
  } finally {
    await engine.dispose();
  }
}
