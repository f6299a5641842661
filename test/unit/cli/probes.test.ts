// The CLI's probe flags as a user runs them (dist/cli.cjs in a child process, after `node tools/build.mjs`): --qkv L
// rebuilds attentions[L], --lens ends in the model's own prediction, --hidden starts at the embeddings the reference
// computes, --ablate of a last-layer head changes the prediction and leaves the attention bit-identical; bad values
// end with one line and exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { built } from '../../support/build';
import { fixture, scratch } from '../../support/paths';
import { referenceForward } from '../../support/reference';

const cache = scratch();
const work = scratch();
const textFile = path.join(work, 'text.txt');
writeFileSync(textFile, 'The river bank was steep, and the water ran fast.');

interface Top {
  token: string;
  id: number;
  p: number;
}
interface Json {
  tokens: { id: number }[];
  attentions: number[][][][];
  predictions: { masked: { position: number; top: Top[] }[]; next: Top[]; perToken: { position: number; top: Top[] }[] };
  lens?: { kind: string; positions: { position: number; layers: { layer: number; top: Top[] }[] }[] };
  qkv?: { layer: number; scale: number; q: number[][][]; k: number[][][]; v: number[][][] };
  hidden?: number[][][];
  ablated?: { layer: number; head: number }[];
}

function cli(args: string[]): { code: number | null; json: Json | null; stderr: string } {
  const r = spawnSync(process.execPath, [built('cli.cjs'), 'analyze', textFile, '--json', '-', '--cache-dir', cache, ...args], { encoding: 'utf8' });
  return { code: r.status, json: r.status === 0 ? (JSON.parse(r.stdout) as Json) : null, stderr: r.stderr };
}

const gpt2 = ['--model', fixture('tiny-gpt2')];
const bert = ['--model', fixture('tiny-bert'), '--mask', '2,5'];

describe('attention-lens analyze: probes', () => {
  it('--qkv L: softmax(q·kᵀ·scale + causal mask) reproduces attentions[L]', () => {
    const { code, json } = cli([...gpt2, '--qkv', '1']);
    assert.equal(code, 0);
    const qkv = json?.qkv;
    assert.ok(qkv && json);
    assert.equal(qkv.layer, 1);
    const T = json.tokens.length;
    assert.equal(qkv.q.length, json.attentions[1].length, 'one q per head');
    let worst = 0;
    qkv.q.forEach((qh, h) => {
      const kh = qkv.k[Math.floor((h * qkv.k.length) / qkv.q.length)];
      for (let i = 0; i < T; i++) {
        const s = Array.from({ length: i + 1 }, (_, j) => qh[i].reduce((a, x, e) => a + x * kh[j][e], 0) * qkv.scale);
        const max = Math.max(...s);
        const sum = s.reduce((a, x) => a + Math.exp(x - max), 0);
        for (let j = 0; j < T; j++) worst = Math.max(worst, Math.abs((j <= i ? Math.exp(s[j] - max) / sum : 0) - json.attentions[1][h][i][j]));
      }
    });
    assert.ok(worst < 1e-4, `max |Δ| ${worst}`);
  });

  it('--lens: L+1 layers per position, the last one the model’s own prediction (decoder and masked-LM encoder)', () => {
    const d = cli([...gpt2, '--lens']).json;
    assert.ok(d?.lens);
    assert.equal(d.lens.kind, 'logit');
    assert.equal(d.lens.positions.length, d.tokens.length);
    for (const pos of d.lens.positions) {
      assert.equal(pos.layers.length, 3);
      const own: Top[] | undefined =
        pos.position === d.tokens.length - 1 ? d.predictions.next : d.predictions.perToken.find((s) => s.position === pos.position + 1)?.top;
      assert.deepEqual(pos.layers[2].top, own);
    }
    const e = cli([...bert, '--lens']).json;
    assert.ok(e?.lens);
    assert.equal(e.lens.kind, 'mlm');
    assert.deepEqual(
      e.lens.positions.map((p) => p.position),
      [2, 5],
    );
    for (const pos of e.lens.positions) assert.deepEqual(pos.layers[2].top, e.predictions.masked.find((m) => m.position === pos.position)?.top);
  });

  it('--hidden: [L+1][T][D], entry 0 the embeddings the reference computes', () => {
    const { json } = cli([...gpt2, '--hidden']);
    assert.ok(json?.hidden);
    assert.equal(json.hidden.length, 3);
    const ref = referenceForward(fixture('tiny-gpt2'), 'decoder', { inputIds: json.tokens.map((t) => t.id) });
    const D = json.hidden[0][0].length;
    json.hidden.forEach((state, l) =>
      state.forEach((row, t) => row.forEach((x, e) => assert.ok(Math.abs(x - ref.hidden[l][t * D + e]) < 1e-4, `hidden[${l}][${t}][${e}]`))),
    );
  });

  it('--ablate L:H: the last layer’s head off changes the prediction; every attention stays bit-identical', () => {
    const base = cli(gpt2).json;
    const off = cli([...gpt2, '--ablate', '1:0,1:2']);
    assert.equal(off.code, 0);
    assert.ok(base && off.json);
    assert.deepEqual(off.json.ablated, [
      { layer: 1, head: 0 },
      { layer: 1, head: 2 },
    ]);
    assert.deepEqual(off.json.attentions, base.attentions);
    assert.notDeepEqual(off.json.predictions, base.predictions);
  });

  it('the readable summary shows the lens, each layer’s top-1 named as other tokens are, and the heads switched off', () => {
    const r = spawnSync(process.execPath, [built('cli.cjs'), 'analyze', textFile, '--cache-dir', cache, ...gpt2, '--lens', '--ablate', '1:3'], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^ablated {2}heads switched off \(layer:head\): 1:3$/m);
    assert.match(r.stdout, /^layer lens \(next-token head after each layer/m);
    assert.match(r.stdout, /^ {4}\d+ .* L0 .+ \d+(\.\d)?% {2}L1 .+ \d+(\.\d)?% {2}L2 .+ \d+(\.\d)?%$/m);
    assert.doesNotMatch(r.stdout, /L\d+ "/, 'no token in JSON quotes');
  });

  for (const [args, pattern] of [
    [['--ablate', '1:x'], /--ablate takes LAYER:HEAD pairs/],
    [['--ablate', '2:0'], /ablated layer 2 is outside/],
    [['--ablate', '0:9'], /ablated head 9 is outside/],
    [['--qkv', '5'], /q\/k\/v layer 5 is outside/],
  ] as const) {
    it(`refuses ${args.join(' ')} with one line and exit code 2`, () => {
      const r = cli([...gpt2, ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split('\n').length, 1);
    });
  }
});
