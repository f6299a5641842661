// Benchmark of issue 17's representation lessons on the embedded encoder (build-time tool, Node):
// next-sentence prediction against one analysis of the same two sentences as one text (issue target:
// next-sentence ≤ one analysis), and the positions view's computation (target: first paint ≤ 100 ms)
// for the whole 512-row table and for 128 rows, first call (reads the graph) and warm. JSON last line.
//   nice npx tsx tools/bench/benchRepr.ts [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../src/engine/paths';
import { pad, round, summarize } from './stats';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lens-bench-repr-'));
const engine = new Engine({ cacheDir, precision: 'float16' });
const model = embeddedModel(EMBEDDED_ENCODER);

/** Wall and CPU milliseconds of `runs` warm calls. The CPU time (all threads of this process) is the steadier figure on a shared machine. */
async function time(fn: () => Promise<unknown>): Promise<{ wall: ReturnType<typeof summarize>; cpu: ReturnType<typeof summarize> }> {
  await fn(); // warm
  const [wall, cpu]: number[][] = [[], []];
  for (let i = 0; i < runs; i++) {
    const [t, c] = [performance.now(), process.cpuUsage()];
    await fn();
    const used = process.cpuUsage(c);
    wall.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: summarize(wall), cpu: summarize(cpu) };
}

const a = 'The parser reads the whole file before it builds the tree, so a syntax error anywhere stops it.';
const b = 'Each node of the tree keeps the range of characters it came from, which the editor uses for hovers.';

const t0 = performance.now();
await engine.load(model);
const loadMs = performance.now() - t0;
const t1 = performance.now();
await engine.positions(model);
const positionsFirstMs = performance.now() - t1; // reads and walks the graph once
const nsp = await time(() => engine.nextSentence(model, { a, b }));
const analysis = await time(() => engine.analyze(model, { text: `${a}\n${b}` }));
const positions512 = await time(() => engine.positions(model, { count: 512 }));
const positions128 = await time(() => engine.positions(model, { count: 128 }));
const scale = await time(() => engine.scale(model));
await engine.dispose();
rmSync(cacheDir, { recursive: true, force: true });

const rows: [string, { wall: { medianMs: number }; cpu: { medianMs: number } }][] = [
  ['next sentence', nsp],
  ['one analysis, same text', analysis],
  ['positions 512', positions512],
  ['positions 128', positions128],
  ['scale', scale],
];
process.stdout.write(`${'median ms (warm)'.padEnd(28)}${pad('wall', 9)}${pad('cpu', 9)}\n`);
for (const [label, t] of rows) process.stdout.write(`${label.padEnd(28)}${pad(t.wall.medianMs, 9)}${pad(t.cpu.medianMs, 9)}\n`);
process.stdout.write(`positions 512, first call (reads the graph): ${round(positionsFirstMs)} ms wall\n`);
process.stdout.write(
  `${JSON.stringify({
    model: EMBEDDED_ENCODER,
    cpus: os.availableParallelism(),
    load: os.loadavg()[0],
    runs,
    loadMs: round(loadMs),
    nsp,
    analysis,
    nspOverAnalysis: { wall: round(nsp.wall.medianMs / analysis.wall.medianMs, 2), cpu: round(nsp.cpu.medianMs / analysis.cpu.medianMs, 2) },
    positionsFirstMs: round(positionsFirstMs),
    positions512,
    positions128,
    scale,
  })}\n`,
);
