// The command-line tool on stand-ins for the layouts the Select Model presets download (the bundled dist/cli.cjs
// in a child process): the embedded models converted at test time the way the hub's conversions are — float16
// weights (`--precision fp16`), dynamic int8 (`--precision q8`), and a folder holding only Optimum's merged
// decoder (`decoder_model_merged.onnx` and its int8 form) — each analyzed with attention agreeing with the
// embedded fp32 model's, and predictions that keep the fp32 model's first choice among their top 5 (top-1
// agreement is reported: the small models' masked guesses are close calls that int8 noise can reorder).
// Nothing here is committed: any embedded model of the BERT and GPT-2 families will do.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { writeStandIn, type VariantFile } from '../../../tools/fixtures/exportVariants';
import { built } from '../../support/build';
import { scratch } from '../../support/paths';

const cache = scratch();
const work = scratch();

interface Json {
  model: { layers: number; heads: number };
  tokens: { id: number }[];
  attentions: number[][][][];
  predictions: { masked: { top: { id: number }[] }[]; next: { id: number }[]; perToken: { top: { id: number }[] }[] };
  notices: string[];
}

function analyze(model: string, precision: string, text: string, extra: string[] = []): Json {
  const input = path.join(work, 'input.txt');
  writeFileSync(input, text);
  const out = path.join(work, `${path.basename(model)}-${precision}.json`);
  const args = [built('cli.cjs'), 'analyze', input, '--model', model, '--precision', precision, '--json', out, '--top-k', '5', '--cache-dir', cache, ...extra];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(readFileSync(out, 'utf8')) as Json;
}

function maxAttentionDiff(a: Json, b: Json): number {
  assert.deepEqual(
    a.tokens.map((t) => t.id),
    b.tokens.map((t) => t.id),
  );
  assert.equal(a.attentions.length, b.attentions.length);
  let worst = 0;
  a.attentions.forEach((layer, l) =>
    layer.forEach((head, h) => head.forEach((row, q) => row.forEach((p, k) => (worst = Math.max(worst, Math.abs(p - b.attentions[l][h][q][k])))))),
  );
  return worst;
}

/** Each prediction's candidates, best first: every masked position, every next-token step, the next token. */
function ranked(json: Json): number[][] {
  const { masked, next, perToken } = json.predictions;
  const lists = [...masked.map((m) => m.top.map((c) => c.id)), ...perToken.map((s) => s.top.map((c) => c.id))];
  // An encoder predicts no next token: its list is empty and no prediction.
  return next.length ? [...lists, next.map((c) => c.id)] : lists;
}

const DECODER_TEXT = 'function add(a, b) {\n  return a + b;\n}\nThe river bank was steep.';
const ENCODER_TEXT =
  'const total = items.[MASK]((sum, x) => sum + x, 0);\nfunction [MASK](a, b) { return a [MASK] b; }\nThe river [MASK] was [MASK].\nEl agua del [MASK] estaba fría y fui al [MASK] a pedir un [MASK].';

/** Max |Δ| of a probability allowed against the fp32 model (float16 rounding; int8 quantization error). */
const TOLERANCE: Record<string, number> = { fp32: 1e-5, fp16: 2e-2, q8: 0.25 };

const CASES: { source: string; text: string; folder: string; files: VariantFile[]; runs: string[] }[] = [
  { source: EMBEDDED_DECODER, text: DECODER_TEXT, folder: 'decoder-fp16', files: ['fp16'], runs: ['fp16'] },
  { source: EMBEDDED_DECODER, text: DECODER_TEXT, folder: 'decoder-q8', files: ['q8'], runs: ['q8'] },
  { source: EMBEDDED_DECODER, text: DECODER_TEXT, folder: 'decoder-merged', files: ['merged', 'merged-q8'], runs: ['fp32', 'q8'] },
  { source: EMBEDDED_ENCODER, text: ENCODER_TEXT, folder: 'encoder-fp16', files: ['fp16'], runs: ['fp16'] },
  { source: EMBEDDED_ENCODER, text: ENCODER_TEXT, folder: 'encoder-q8', files: ['q8'], runs: ['q8'] },
];

describe('attention-lens analyze on stand-ins for the presets’ layouts', () => {
  const reference = new Map<string, Json>();
  before(() => {
    for (const source of [EMBEDDED_DECODER, EMBEDDED_ENCODER]) {
      const text = source === EMBEDDED_DECODER ? DECODER_TEXT : ENCODER_TEXT;
      reference.set(source, analyze(embeddedModel(source), 'fp32', text));
    }
  });

  for (const c of CASES) {
    it(`${c.folder} (${c.files.map((f) => `onnx/…${f}`).join(', ')} only): ${c.runs.map((r) => `--precision ${r}`).join(', ')} agrees with fp32`, (t) => {
      const folder = writeStandIn(embeddedModel(c.source), path.join(work, c.folder), c.files);
      const fp32 = reference.get(c.source) as Json;
      for (const precision of c.runs) {
        const json = analyze(folder, precision, c.text);
        assert.ok(!json.notices.some((n) => /instead/.test(n)), `ran the ${precision} weights: ${json.notices.join(' | ')}`);
        assert.equal(json.model.layers, fp32.model.layers);
        const diff = maxAttentionDiff(json, fp32);
        const ours = ranked(json);
        const theirs = ranked(fp32);
        assert.equal(ours.length, theirs.length);
        const share = (ok: (mine: number[], first: number) => boolean): number => ours.filter((mine, i) => ok(mine, theirs[i][0])).length / theirs.length;
        const agree = share((mine, first) => mine[0] === first);
        const inTop5 = share((mine, first) => mine.slice(0, 5).includes(first));
        t.diagnostic(
          `${c.folder} --precision ${precision}: max |Δ| attention ${diff.toExponential(2)}, top-1 agreement ${agree.toFixed(2)}, fp32's top-1 in its top 5 ${inTop5.toFixed(2)} (${theirs.length} predictions)`,
        );
        assert.ok(diff < TOLERANCE[precision], `max |Δ| attention ${diff}`);
        if (precision === 'fp32') assert.equal(agree, 1, `top-1 agreement ${agree}`);
        else assert.ok(inTop5 >= 0.8, `fp32's top-1 in the top 5 of ${inTop5} of the predictions`);
      }
    });
  }
});
