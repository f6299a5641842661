// Benchmark of Mask Word on a 5 MB one-line minified file, cursor in its middle (build-time tool, Node):
// the host's pure part (wordContext, engineRequest) and the engine's two requests (the masked analysis,
// then the whole-word fillers), on the embedded encoder, as the extension's worker runs them. Medians of
// warm runs (wall and CPU ms), and the rows of tokens the fillers' search ran, which the machine's load
// does not move; JSON last line.
//   nice npx tsx tools/bench/benchMask.ts [--runs N] [--text js|plain]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Engine } from '../../src/engine/engine';
import { EMBEDDED_ENCODER, embeddedModel } from '../../src/engine/paths';
import { wordContext } from '../../src/host/analyses/textScope';
import { engineRequest } from '../../src/host/analyses/engineRequest';
import { wordAround } from '../../src/protocol/wordChars';
import { median, round } from './stats';

const arg = (name: string): string | undefined => process.argv[process.argv.indexOf(`--${name}`) + 1];
const runs = Number(arg('runs')) || 3;
const plain = arg('text') === 'plain';
let text = '';
for (let i = 0; text.length < 5_000_000; i++) text += plain ? `the river ${i} ran past the bank. ` : `var river${i}=function(b,c){return b+c*${i}};`;
const cursor = text.indexOf('river', 2_500_000) + 2;

const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'lens-bench-mask-'));
const engine = new Engine({ cacheDir, precision: 'float16' });
const ref = embeddedModel(EMBEDDED_ENCODER);
const model = await engine.load(ref);
// Rows of tokens the model runs (a batch of 5 counts 5): the figure the machine's load does not move.
let rows = 0;
const run = model.session.run.bind(model.session);
model.session.run = (async (feeds: Record<string, { dims: readonly number[] }>, ...rest: unknown[]) => {
  rows += Number(feeds.input_ids.dims[0]);
  return (run as (...a: unknown[]) => unknown)(feeds, ...rest);
}) as typeof model.session.run;

const config = { topK: 10, maxTokens: 512 };
const figures: Record<string, number[]> = { wordContext: [], analyze: [], fillWords: [], fillWordsCpu: [], fillRows: [] };
let pieces = 0;
for (let r = 0; r < runs + 1; r++) {
  const word = wordAround(text, cursor)!;
  let t = performance.now();
  const scope = wordContext(text, word.start, plain ? 'plaintext' : 'javascript');
  const contextMs = performance.now() - t;
  const options = { kind: 'encoder' as const, maskChars: [{ start: word.start, end: word.end }], focus: word.start };
  const start = Math.min(scope.start, word.start);
  const end = Math.max(scope.end, word.end);
  const { request } = engineRequest(text.slice(start, end), start, options, config);
  t = performance.now();
  const result = await engine.analyze(ref, request);
  const analyzeMs = performance.now() - t;
  t = performance.now();
  const [cpu, rowsBefore] = [process.cpuUsage(), rows];
  const fills = await engine.fillWords(ref, request, [0], { limit: config.topK });
  const fillMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  figures.fillWordsCpu.push((used.user + used.system) / 1000);
  figures.fillRows.push(rows - rowsBefore);
  pieces = result.tokens.filter((tok) => tok.masked).length;
  if (r === 0) {
    const fillers = fills[0].fillers.map((f) => `${f.text.trim()} ${f.p.toPrecision(4)}`).join(', ');
    console.log(`word ${JSON.stringify(text.slice(word.start, word.end))}: ${pieces} pieces, ${result.tokens.length} tokens, fillers ${fillers}`);
    figures.fillWordsCpu.pop();
    figures.fillRows.pop();
    continue;
  }
  figures.wordContext.push(contextMs);
  figures.analyze.push(analyzeMs);
  figures.fillWords.push(fillMs);
}
const out = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(median(v))]));
console.log(JSON.stringify({ text: plain ? 'plain' : 'js', pieces, ...out }));
await engine.dispose();
rmSync(cacheDir, { recursive: true, force: true });
