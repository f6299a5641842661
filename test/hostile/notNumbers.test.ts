// Model graphs whose outputs are not numbers: weights set to NaN so that a decoder's logits are NaN
// at every position (its final layer norm), or its attention too (its first layer's query/key/value
// projection), and an encoder's masked-word logits NaN. Before, the CLI printed "rank 1" for every
// token and a "next token" list ordered by nothing (every comparison with NaN is false), and the
// extension's panel refused the whole analysis (its guard wants finite probabilities). Now nothing
// is predicted where the logits are not numbers, one notice says where, and attention that is not
// a number reads "—", never "NaN". The layer lens, which applies the same head, likewise.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { proto } from '../../src/engine/onnx/proto';
import { scratch } from '../support/paths';
import { cli } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-nan-');
const cache = path.join(work, 'cache');

/** A copy of the fixture `name` whose initializers named like `pattern` hold only `value` (or only in their first `first` elements). */
function poisoned(name: string, pattern: RegExp, value: number, first?: number): string {
  const folder = modelCopy(name);
  const file = path.join(folder, 'onnx', 'model.onnx');
  const model = proto.ModelProto.decode(readFileSync(file));
  let count = 0;
  for (const t of model.graph?.initializer ?? []) {
    if (!pattern.test(t.name ?? '')) continue;
    const n = (t.dims ?? []).reduce<number>((a, b) => a * Number(b), 1);
    const data = new Float32Array(new Uint8Array(t.rawData ?? []).slice().buffer);
    t.rawData = new Uint8Array((first === undefined ? new Float32Array(n) : data).fill(value, 0, first).buffer);
    t.floatData = [];
    count++;
  }
  assert.ok(count > 0, `no initializer matches ${pattern}`);
  writeFileSync(file, proto.ModelProto.encode(model).finish());
  return folder;
}

async function summary(folder: string, text: string, ...more: string[]): Promise<string> {
  const file = path.join(work, 'text.txt');
  writeFileSync(file, text);
  const run = await cli(['analyze', file, '--model', folder, '--cache-dir', cache, '--offline', ...more], { timeoutMs: 60_000 });
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stdout, /NaN(?! or infinite)|Infinity/, run.stdout);
  return run.stdout;
}

describe('a model whose outputs are not numbers', () => {
  it('a decoder with NaN logits: no rank, no probability, no next token; one notice says where', async () => {
    const out = await summary(poisoned('tiny-gpt2', /ln_f\.weight$/, Number.NaN), 'The river bank was steep.\n');
    assert.match(out, /notice +the model's output scores \(logits\) are not numbers \(NaN or infinite\) at 13 of 13 positions/);
    assert.doesNotMatch(out, /rank \d/, 'no rank from NaN');
    assert.match(out, /next token: none \(see the notice\)/);
    assert.match(out, /→ The\(0\) 1\.000/, 'the attention, which is a number, is still shown');
  });

  it('the layer lens of NaN logits: no top token at any layer, rather than one of p "—"', async () => {
    const out = await summary(poisoned('tiny-gpt2', /ln_f\.weight$/, Number.NaN), 'The river bank was steep.\n', '--lens');
    assert.match(out, /layer lens/);
    assert.match(out, / 12 ↵ +L0 – +L1 – +L2 –/);
    assert.doesNotMatch(out, /L\d \S+ —/, 'no token with a probability that is not a number');
  });

  it('a decoder whose attention is NaN too: no key is said to be attended to, one notice counts the rows', async () => {
    const out = await summary(poisoned('tiny-gpt2', /h\.0\.attn\.c_attn\.(weight|bias)$/, Number.NaN), 'The river bank was steep.\n');
    assert.match(out, /^ +0 +The .*→ none \(see the notice\)$/m);
    assert.doesNotMatch(out, /→ .*—/, 'no key listed with a weight that is not a number');
    assert.match(out, /notice +the attention weights are not numbers \(NaN or infinite\) in 104 of 104 rows/);
  });

  // Before, every row listed "The(0) —, ␣(1) —, ri(2) —": keys in no order, and nothing said why.
  it("one head's queries NaN (layer 0, head 0): its rows are left out, the other heads still read, the notice counts them", async () => {
    // c_attn's bias: the first 8 of 96 values are head 0's query bias (4 heads of 8 of q, then k, then v).
    const folder = poisoned('tiny-gpt2', /h\.0\.attn\.c_attn\.bias$/, Number.NaN, 8);
    const text = 'The river bank was steep.\n';
    const mean = await summary(folder, text, '--layer', '0');
    // 13 tokens: layer 0's head 0 (13 rows) and all of layer 1 (whose input its NaN reached: 4 × 13).
    assert.match(mean, /notice +the attention weights are not numbers \(NaN or infinite\) in 65 of 104 rows/);
    assert.match(mean, /^ +3 +.*→ none \(see the notice\)$/m, 'the mean over heads holds head 0’s NaN');
    const head1 = await summary(folder, text, '--layer', '0', '--head', '1');
    assert.match(head1, /^ +3 +\S+ .*→ \S+\(\d\) 0\.\d{3}, \S+\(\d\) 0\.\d{3}, \S+\(\d\) 0\.\d{3}$/m, 'head 1 is a number');
  });

  it('an encoder with infinite output weights: the masked word gets no fillers, said once', async () => {
    const out = await summary(
      poisoned('tiny-bert', /^cls\.predictions\.transform\.LayerNorm\.weight$|transform.*LayerNorm.*weight/, Number.POSITIVE_INFINITY),
      'The [MASK] sat on the mat.\n',
    );
    assert.match(out, /at 1 of 1 positions: nothing is predicted there/);
    assert.match(out, /\[MASK\]: none \(see the notice\)/);
  });
});
