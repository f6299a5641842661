// Benchmark of issue 17's BERT lessons on the embedded encoder (build-time tool, Node): P(IsNext) of
// the lecture's two pairs; next-sentence prediction against one analysis of the same two sentences
// (target: ≤ one analysis); live fine-tuning on 100 labelled lines, 5-fold cross-validation plus the
// final head (target: ≤ 3 s), split into the model's features and the training; the positions
// table's computation for 512 and 128 rows (the view's first paint waits for it). JSON last line.
//   nice npx tsx tools/bench/benchBert.ts [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../src/engine/paths';
import { fineTune } from '../../src/engine/repr/finetune';
import { pad, round, summarize } from './stats';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lens-bench-bert-'));
const engine = new Engine({ cacheDir, precision: 'float16' });
const model = embeddedModel(EMBEDDED_ENCODER);

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

/** The lecture's pairs (its table is in English). */
const PAIRS = [
  { a: 'I am going outside.', b: 'I will be back after 6.', lecture: 'IsNext' },
  { a: 'I am going outside.', b: 'You know nothing John snow.', lecture: 'NotNext' },
];

/** 50 lines of code and 50 of prose, varied by template and number (deterministic). */
function labelledLines(): { label: string; text: string }[] {
  const names = ['total', 'count', 'items', 'rows', 'value', 'index', 'parser', 'node', 'cache', 'result'];
  const nouns = ['river', 'market', 'teacher', 'garden', 'letter', 'window', 'winter', 'village', 'train', 'library'];
  const code = [
    (n: string, i: number) => `const ${n} = list.length + ${i};`,
    (n: string, i: number) => `if (${n} > ${i}) return ${n} - 1;`,
    (n: string, i: number) => `for (let i = 0; i < ${n}.length; i += ${i}) sum += ${n}[i];`,
    (n: string) => `export function get${n[0].toUpperCase()}${n.slice(1)}(): number {`,
    (n: string, i: number) => `${n}.push({ id: ${i}, name: "${n}" });`,
  ];
  const prose = [
    (n: string, i: number) => `The ${n} was quiet for ${i} days in the spring.`,
    (n: string) => `We walked past the old ${n} before the rain started.`,
    (n: string, i: number) => `She wrote ${i} pages about the ${n} and its people.`,
    (n: string) => `Nobody in the village remembered the ${n} as it used to be.`,
    (n: string, i: number) => `At ${i} o'clock the ${n} filled with children and noise.`,
  ];
  const lines: { label: string; text: string }[] = [];
  for (let i = 0; i < 50; i++) {
    lines.push({ label: 'code', text: code[i % 5](names[i % 10], i + 2) });
    lines.push({ label: 'prose', text: prose[i % 5](nouns[(i * 3) % 10], i + 2) });
  }
  return lines;
}

const t0 = performance.now();
const loaded = await engine.load(model);
const loadMs = performance.now() - t0;
const pairs = [];
for (const p of PAIRS) {
  const r = await engine.nextSentence(model, { a: p.a, b: p.b });
  pairs.push({ ...p, isNext: round(r.isNext, 4), logits: r.logits.map((x) => round(x, 4)) });
}
const [a, b] = [PAIRS[0].a, PAIRS[0].b];
const nsp = await time(() => engine.nextSentence(model, { a, b }));
const analysis = await time(() => engine.analyze(model, { text: `${a} ${b}` }));
const examples = labelledLines();
let last = await fineTune(loaded, { examples, folds: 5, predict: [] });
const tuning = await time(async () => (last = await fineTune(loaded, { examples, folds: 5, predict: [] })));
const positions512 = await time(() => engine.positions(model, { count: 512 }));
const positions128 = await time(() => engine.positions(model, { count: 128 }));
await engine.dispose();
rmSync(cacheDir, { recursive: true, force: true });

for (const p of pairs) process.stdout.write(`${JSON.stringify(p.a)} / ${JSON.stringify(p.b)}: P(IsNext) ${p.isNext} (lecture: ${p.lecture})\n`);
const rows: [string, { wall: { medianMs: number }; cpu: { medianMs: number } }][] = [
  ['next sentence', nsp],
  ['one analysis, same text', analysis],
  ['fine-tune 100 lines, 5-fold', tuning],
  ['positions 512', positions512],
  ['positions 128', positions128],
];
process.stdout.write(`${'median ms (warm)'.padEnd(30)}${pad('wall', 9)}${pad('cpu', 9)}\n`);
for (const [label, t] of rows) process.stdout.write(`${label.padEnd(30)}${pad(t.wall.medianMs, 9)}${pad(t.cpu.medianMs, 9)}\n`);
process.stdout.write(
  `fine-tuning (last run): features ${round(last.featureMs)} ms, training ${round(last.trainMs)} ms, cross-validated accuracy ${round(last.accuracy, 3)}\n`,
);
process.stdout.write(
  `${JSON.stringify({
    model: EMBEDDED_ENCODER,
    cpus: os.availableParallelism(),
    load: os.loadavg()[0],
    runs,
    loadMs: round(loadMs),
    pairs,
    nsp,
    analysis,
    nspOverAnalysis: { wall: round(nsp.wall.medianMs / analysis.wall.medianMs, 2), cpu: round(nsp.cpu.medianMs / analysis.cpu.medianMs, 2) },
    fineTune: {
      lines: examples.length,
      folds: 5,
      ...tuning,
      featureMs: round(last.featureMs),
      trainMs: round(last.trainMs),
      accuracy: round(last.accuracy, 4),
      targetMs: 3000,
    },
    positions512,
    positions128,
  })}\n`,
);
