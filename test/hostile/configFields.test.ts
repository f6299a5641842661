// Every config.json count the engine reads, lying (issue: hostile models, config fields). Before,
// num_attention_heads 0, −4, "4" or 3 (for a hidden size of 32) said "heads cannot be switched off
// in this graph (the output of some layer's heads was not found)", which blamed the graph; a
// vocab_size of 0 or 10 was trusted as the vocabulary's size (the embedding view then called every
// token id "outside the vocabulary"); a model_type that is not a string, names the other kind
// than architectures, or is unknown to transformers.js read "onnxruntime could not load the
// model (Unsupported model type: …)". Now one rule (src/engine/configFields.ts): the graph's count
// is used and the field is named with its value; what cannot be used at all is refused, naming it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { editConfig, modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-config-');
const cache = path.join(work, 'cache');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');

const HEADS_UNUSABLE = (field: string, value: string) =>
  new RegExp(
    `notice +config\\.json's ${field} is ${value}, which is no head count for a hidden size of 32: the graph's heads are shown, but heads cannot be switched off`,
  );
// No head field at all: the notice names the fields looked for and the graph's count shown instead.
const HEADS_MISSING = new RegExp(
  `notice +config\\.json states no head count \\(num_attention_heads, n_head, n_heads or num_heads\\): the graph's 4 heads are shown, but heads cannot be switched off`,
);
const IGNORED = (field: string, value: string, graph: number) =>
  new RegExp(`notice +config\\.json's ${field} is ${value}, but the graph has ${graph}: the graph's count is used`);

const UNUSABLE = (field: string, value: string) =>
  new RegExp(`notice +config\\.json's ${field} is ${value}, which is not a count that fits the model: it is not used`);

/** Each row: a fixture, the config change, and the notice the analysis shows or the one line it is refused with. */
const CASES: readonly { fixture: string; change: Record<string, unknown>; notice?: RegExp; refused?: RegExp; args?: string[] }[] = [
  { fixture: 'tiny-bert', change: { num_attention_heads: 0 }, notice: HEADS_UNUSABLE('num_attention_heads', '0') },
  { fixture: 'tiny-bert', change: { num_attention_heads: -4 }, notice: HEADS_UNUSABLE('num_attention_heads', '-4') },
  { fixture: 'tiny-bert', change: { num_attention_heads: 3 }, notice: HEADS_UNUSABLE('num_attention_heads', '3') },
  { fixture: 'tiny-bert', change: { num_attention_heads: '4' }, notice: HEADS_UNUSABLE('num_attention_heads', '"4"') },
  { fixture: 'tiny-gpt2', change: { n_head: 0 }, notice: HEADS_UNUSABLE('n_head', '0') },
  { fixture: 'tiny-bert', change: { num_attention_heads: undefined }, notice: HEADS_MISSING },
  { fixture: 'tiny-gpt2', change: { n_head: undefined }, notice: HEADS_MISSING },
  { fixture: 'tiny-bert', change: { num_attention_heads: 8 }, refused: /config\.json's num_attention_heads is 8, which its graph does not have$/ },
  { fixture: 'tiny-bert', change: { num_hidden_layers: 0 }, notice: IGNORED('num_hidden_layers', '0', 2) },
  { fixture: 'tiny-gpt2', change: { n_layer: 7 }, notice: IGNORED('n_layer', '7', 2) },
  { fixture: 'tiny-bert', change: { vocab_size: 0 }, notice: IGNORED('vocab_size', '0', 608) },
  { fixture: 'tiny-gpt2', change: { vocab_size: 10 }, notice: IGNORED('vocab_size', '10', 657) },
  { fixture: 'tiny-bert', change: { model_type: 7 }, refused: /config\.json's model_type is 7; expected the name of a model type$/ },
  {
    fixture: 'tiny-bert',
    change: { model_type: 'gpt2' },
    refused: /config\.json's model_type "gpt2" is a decoder's, but its architectures \(BertForMaskedLM\) name an encoder/,
  },
  { fixture: 'tiny-gpt2', change: { architectures: ['BertForMaskedLM'] }, refused: /config\.json's model_type "gpt2" is a decoder's, but its architectures/ },
  {
    fixture: 'tiny-bert',
    change: { model_type: 'whatever' },
    refused: /config\.json's model_type is "whatever", which transformers\.js cannot load as a masked-LM encoder$/,
  },
  { fixture: 'tiny-bert', change: { type_vocab_size: 0, architectures: 'BertForMaskedLM' } },
  // A fused-attention graph's q/k/v are split into heads by head_dim: 0 hung the engine, 7 overran the tensor ("offset is out of bounds").
  { fixture: 'tiny-bert-mha', change: { head_dim: 0 }, notice: UNUSABLE('head_dim', '0'), args: ['--qkv', '0'] },
  { fixture: 'tiny-bert-mha', change: { head_dim: 7 }, args: ['--qkv', '0'] },
  { fixture: 'tiny-bert-mha', change: { num_key_value_heads: 3 }, notice: UNUSABLE('num_key_value_heads', '3'), args: ['--qkv', '0'] },
];

describe('config.json fields that lie', () => {
  for (const { fixture, change, notice, refused, args = [] } of CASES) {
    it(`${fixture} with ${JSON.stringify(change, (_, v: unknown) => (v === undefined ? 'removed' : v))}: ${refused ? 'refused, naming the field' : notice ? 'a notice names the field' : 'ignored'}`, async () => {
      const folder = modelCopy(fixture);
      editConfig(folder, change);
      const json = path.join(work, 'out.json');
      const more = args.length > 0 ? [...args, '--json', json] : [];
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', cache, '--offline', ...more], { timeoutMs: 30_000 });
      assert.doesNotMatch(run.stdout + run.stderr, /onnxruntime could not load|output of some layer's heads was not found/);
      if (refused) {
        assert.equal(run.code, 2);
        assert.match(oneLine(run), refused);
        return;
      }
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /2 layers × 4 heads/);
      if (args.includes('--qkv')) {
        const { qkv } = JSON.parse(readFileSync(json, 'utf8')) as { qkv: { q: number[][][] } };
        assert.deepEqual([qkv.q.length, qkv.q[0][0].length], [4, 8], 'q split into the graph’s 4 heads of 8');
      }
      const notices = run.stdout.split('\n').filter((l) => l.startsWith('notice'));
      if (notice) {
        assert.equal(notices.length, 1, notices.join('\n'));
        assert.match(notices[0], notice);
      } else assert.deepEqual(notices, []);
    });
  }
});
