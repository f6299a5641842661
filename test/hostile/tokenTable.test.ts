// A tokenizer whose ids go past the model's token embedding table (a vocabulary larger than the
// graph's table: another model's tokenizer, or words added without resizing the embeddings). Before,
// the model loaded and every analysis of a text with such a word failed inside onnxruntime's Gather
// ("indices element out of data bounds"); now the load is refused with one line that names both sizes.
// The check reads the tokenizer's token → id map, not its count: a vocabulary with twin keys (two
// spellings of one id) is larger in count and still fits, and its tokens are still found in the text.
import assert from 'node:assert/strict';
import path from 'node:path';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ROOT, scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-tokens-');
const cache = path.join(work, 'cache');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the zebra mat.\n');

type Tokenizer = { model: { vocab: Record<string, number> }; added_tokens: { id: number; content: string }[] };
function editTokenizer(folder: string, edit: (tokenizer: Tokenizer) => void): void {
  const file = path.join(folder, 'tokenizer.json');
  const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as Tokenizer;
  edit(tokenizer);
  writeFileSync(file, JSON.stringify(tokenizer));
}

const analyze = (folder: string, file = text) => cli(['analyze', file, '--model', folder, '--cache-dir', cache, '--offline'], { timeoutMs: 60_000 });

describe('a tokenizer with ids past the token table', () => {
  it('vocabulary words numbered past the 608 rows: refused at load, both sizes named', async () => {
    const folder = modelCopy('tiny-bert');
    editTokenizer(folder, (t) => ['zebra', 'quokka', 'marmot'].forEach((w, i) => (t.model.vocab[w] = 1000 + i)));
    const line = oneLine(await analyze(folder));
    assert.match(line, /its tokenizer gives ids up to 1002, but the model's token embedding table has 608 rows \(ids 0 to 607\)/, line);
    assert.doesNotMatch(line, /Gather|out of data bounds/, line);
  });

  it('an added token past the table of a decoder: refused the same way', async () => {
    const folder = modelCopy('tiny-gpt2');
    const plain = path.join(work, 'plain.txt');
    writeFileSync(plain, 'The river bank <|tool|> was steep.\n');
    let rows = 0;
    editTokenizer(folder, (t) => {
      rows = Math.max(...Object.values(t.model.vocab), ...t.added_tokens.map((a) => a.id)) + 1;
      t.added_tokens.push({ id: rows + 5, content: '<|tool|>', special: true } as Tokenizer['added_tokens'][number]);
    });
    const line = oneLine(await analyze(folder, plain));
    assert.match(line, new RegExp(`ids up to ${rows + 5}, but the model's token embedding table has ${rows} rows`), line);
  });

  it('twin keys for the same ids (more entries, no higher id) still load and run', async () => {
    const folder = modelCopy('tiny-bert');
    editTokenizer(folder, (t) => {
      for (const [token, id] of Object.entries(t.model.vocab)) if (!token.startsWith('[')) t.model.vocab[`${token}\u202e`] = id;
    });
    const out = path.join(work, 'twins.json');
    const run = await cli(['analyze', text, '--model', folder, '--cache-dir', cache, '--offline', '--json', out], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    // Each token is found in the text by the encoding's own piece, not by the twin its id decodes to.
    const tokens = (JSON.parse(readFileSync(out, 'utf8')) as { tokens: { text: string; start: number | null; end: number | null }[] }).tokens;
    const on = tokens.find((t) => t.text === 'on');
    assert.deepEqual([on?.start, on?.end], [15, 17], JSON.stringify(tokens));
    assert.ok(
      tokens.every((t) => t.start === null || t.end! > t.start),
      'no token collapsed to nothing',
    );
  });

  it("twin keys in the embedded encoder: next-sentence prediction finds both sentences' tokens in their texts", async () => {
    const folder = path.join(scratch('lens-hostile-twins-'), 'tiny-bert-es-en');
    cpSync(path.join(ROOT, 'models', 'tiny-bert-es-en'), folder, { recursive: true });
    editTokenizer(folder, (t) => {
      for (const [token, id] of Object.entries(t.model.vocab)) if (!/^\[[A-Z]+\]$|^<\|/.test(token)) t.model.vocab[`${token}âĢ®`] = id;
    });
    const [a, b] = [path.join(work, 'a.txt'), path.join(work, 'b.txt')];
    writeFileSync(a, 'The cat sat.');
    writeFileSync(b, 'It was on the mat.');
    const run = await cli(['nsp', a, b, '--model', folder, '--cache-dir', cache, '--offline', '--json'], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    const tokens = (JSON.parse(run.stdout) as { tokens: { text: string; segment: string | null; start: number | null; end: number | null }[] }).tokens;
    assert.ok(
      tokens.every((t) => t.segment === null || t.end! > t.start!),
      JSON.stringify(tokens),
    );
    assert.deepEqual(
      tokens.filter((t) => t.text === 'Ġon').map((t) => [t.segment, t.start, t.end]),
      [['b', 6, 9]],
    );
  });
});
