// Times serveView (the worker's answers to the attention views) on synthetic BERT-base-sized data:
// 12 layers × 12 heads at T = 512 (and 128), float16 and float32, encoder and decoder shapes.
// Prints a table of median milliseconds (wall clock, and this thread's CPU time, which a busy
// shared machine inflates less), then one JSON line of the wall-clock medians. "rollout on
// onnxruntime" is the worker's path (fillRollout, 2 threads; its CPU column counts every thread);
// the other rollout lines are serveView's own products.
//   npx tsx tools/bench/benchViews.ts [T...]
import { performance } from 'node:perf_hooks';
import { fillRollout } from '../../src/engine/views/rollout';
import { serveView, type ViewSource } from '../../src/engine/views/viewServer';
import { NO_CLEANING, type Cleaning } from '../../src/protocol/views';
import { randomData, tokensOf } from './syntheticAttention';

const ALL: Cleaning = { hideSpecial: true, mergeSubwords: true, hidePunctuation: true };

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

async function median(run: () => unknown, times: number): Promise<Timing> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    await run();
    wall.push(performance.now() - start);
    const spent = process.cpuUsage(used);
    cpu.push((spent.user + spent.system) / 1000);
  }
  const mid = (list: number[]): number => Math.round(list.sort((a, b) => a - b)[list.length >> 1] * 10) / 10;
  return { wall: mid(wall), cpu: mid(cpu) };
}

async function main(): Promise<void> {
  const lengths = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
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
      const fresh = (): ViewSource => ({ data, tokens, cache: {} });
      const warm: ViewSource = { data, tokens, cache: {} };
      const window = { rows: { start: 0, count: t }, cols: { start: 0, count: t } };
      const matrix = (source: () => ViewSource, cleaning: Cleaning, combine: 'head' | 'mean' | 'rollout', maxSide?: number) => () =>
        serveView(source(), 'matrix', {
          key: 1,
          layer: 11,
          combine: combine === 'head' ? { kind: 'head', head: 3 } : { kind: combine },
          stage: 'probs',
          cleaning,
          ...window,
          maxSide,
          encoding: 'u8',
        });
      const row = { key: 1, layer: 5, combine: { kind: 'mean' }, cleaning: NO_CLEANING, query: t >> 1 } as const;
      matrix(() => warm, NO_CLEANING, 'rollout')();
      const rows: Record<string, Timing> = {
        'thumbnails 32px': await median(() => serveView(fresh(), 'thumbnails', { key: 1, size: 32, cleaning: NO_CLEANING }), 5),
        'thumbnails 32px cleaned': await median(() => serveView(fresh(), 'thumbnails', { key: 1, size: 32, cleaning: ALL }), 3),
        'matrix head u8': await median(matrix(fresh, NO_CLEANING, 'head'), 7),
        'matrix head u8 cleaned': await median(matrix(fresh, ALL, 'head'), 7),
        'matrix mean u8 maxSide 256': await median(matrix(fresh, NO_CLEANING, 'mean', 256), 5),
        'matrix rollout L11 (JS products)': await median(matrix(fresh, NO_CLEANING, 'rollout'), 1),
        'rollout L11 on onnxruntime (worker path)': await median(() => fillRollout(data, 11, {}, 2), 3),
        'matrix rollout L11 (cached)': await median(
          matrix(() => warm, NO_CLEANING, 'rollout'),
          5,
        ),
        'row mean': await median(() => serveView(fresh(), 'row', row), 9),
        'links 4 heads top8': await median(
          () =>
            serveView(fresh(), 'links', {
              key: 1,
              layer: 3,
              heads: [0, 1, 2, 3].map((head) => ({ kind: 'head', head }) as const),
              cleaning: NO_CLEANING,
              topK: 8,
              threshold: 0.01,
            }),
          5,
        ),
      };
      figures[`T${t} ${label}`] = Object.fromEntries(Object.entries(rows).map(([name, timing]) => [name, timing.wall]));
      console.log(`T=${t} ${label} (12 × 12 heads), median ms: wall, cpu`);
      for (const [name, { wall, cpu }] of Object.entries(rows))
        console.log(`  ${name.padEnd(42)} ${wall.toFixed(1).padStart(8)} ${cpu.toFixed(1).padStart(8)}`);
    }
  }
  console.log(JSON.stringify(figures));
}

void main();
