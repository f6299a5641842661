// Times serveView (the worker's answers to the attention views) on synthetic BERT-base-sized data:
// 12 layers × 12 heads at T = 512 (and 128), float16 and float32, encoder and decoder shapes.
// Prints a table of median milliseconds, then one JSON line. "rollout on onnxruntime" is the
// worker's path (fillRollout, 2 threads); the other rollout lines are serveView's own products.
//   npx tsx tools/bench/benchViews.ts [T...]
import { performance } from 'node:perf_hooks';
import { fillRollout } from '../../src/engine/rollout';
import { serveView, type ViewSource } from '../../src/protocol/viewServer';
import { NO_CLEANING, type Cleaning } from '../../src/protocol/views';
import { randomData, tokensOf } from './syntheticAttention';

const ALL: Cleaning = { hideSpecial: true, mergeSubwords: true, hidePunctuation: true };

async function median(run: () => unknown, times: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await run();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  return Math.round(ms[ms.length >> 1] * 10) / 10;
}

async function main(): Promise<void> {
  const lengths = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const figures: Record<string, Record<string, number>> = {};
  for (const t of lengths.length ? lengths : [128, 512]) {
    const texts = ['[CLS]', ...Array.from({ length: t - 2 }, (_, i) => (i % 4 === 3 ? '##s' : i % 7 === 0 ? ';' : 'w')), '[SEP]'];
    const tokens = tokensOf(texts);
    for (const [label, options] of [
      ['f16 encoder', { precision: 'float16' }],
      ['f32 encoder', { precision: 'float32' }],
      ['f16 decoder', { precision: 'float16', decoder: true }],
    ] as const) {
      const data = randomData(12, 12, t, { ...options, seed: 7 });
      const source = (): ViewSource => ({ data, tokens, cache: {} });
      const warm = { data, tokens, cache: {} };
      const matrix = (cleaning: Cleaning, combine: 'head' | 'mean' | 'rollout', maxSide?: number) => () =>
        serveView(combine === 'rollout' ? warm : source(), 'matrix', {
          key: 1, layer: 11, combine: combine === 'head' ? { kind: 'head', head: 3 } : { kind: combine }, stage: 'probs', cleaning,
          rows: { start: 0, count: t }, cols: { start: 0, count: t }, maxSide, encoding: 'u8',
        });
      const row = { key: 1, layer: 5, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: t >> 1 } as const;
      const rows: Record<string, number> = {
        'thumbnails 32px': await median(() => serveView(source(), 'thumbnails', { key: 1, size: 32, cleaning: NO_CLEANING }), 5),
        'thumbnails 32px cleaned': await median(() => serveView(source(), 'thumbnails', { key: 1, size: 32, cleaning: ALL }), 3),
        'matrix head u8': await median(matrix(NO_CLEANING, 'head'), 7),
        'matrix head u8 cleaned': await median(matrix(ALL, 'head'), 7),
        'matrix mean u8 maxSide 256': await median(matrix(NO_CLEANING, 'mean', 256), 5),
        'matrix rollout L11 (first, all layers)': await median(() => serveView(source(), 'matrix', { key: 1, layer: 11, combine: { kind: 'rollout' }, stage: 'probs', cleaning: NO_CLEANING, rows: { start: 0, count: t }, cols: { start: 0, count: t }, encoding: 'u8' }), 1),
        'rollout L11 on onnxruntime (worker path)': await median(() => fillRollout(data, 11, {}, 2), 3),
        'matrix rollout L11 (cached)': (matrix(NO_CLEANING, 'rollout')(), await median(matrix(NO_CLEANING, 'rollout'), 5)),
        'row mean': await median(() => serveView(source(), 'row', row), 9),
        'links 4 heads top8': await median(() => serveView(source(), 'links', { key: 1, layer: 3, heads: [0, 1, 2, 3].map((head) => ({ kind: 'head', head }) as const), cleaning: NO_CLEANING, topK: 8, threshold: 0.01 }), 5),
      };
      figures[`T${t} ${label}`] = rows;
      console.log(`T=${t} ${label} (12 × 12 heads), median ms`);
      for (const [name, ms] of Object.entries(rows)) console.log(`  ${name.padEnd(40)} ${ms.toFixed(1).padStart(8)}`);
    }
  }
  console.log(JSON.stringify(figures));
}

void main();
