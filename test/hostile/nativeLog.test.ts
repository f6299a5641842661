// onnxruntime's own log on the command line's stderr: a model whose tokenizer.json gives a token an
// id past the end of its graph's embedding table (100000 for 608 rows) is run past the table's end,
// and onnxruntime's native logger wrote its error to stderr itself, with terminal colour sequences
// and the graph's node names (text from the model file) raw, before the CLI's own neutralised line.
// Only the CLI's one line may reach stderr. (A config.json that claims more positions than the graph
// holds no longer gets this far: the graph's table bounds the window, positionConfig.test.ts.)
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, scratch } from '../support/paths';
import { cli } from './support/cliChild';

describe("onnxruntime's native log", () => {
  it("never reaches stderr: a failed run is the CLI's one line, with no terminal sequence", async () => {
    const folder = path.join(scratch('lens-hostile-'), 'vocabulary');
    cpSync(fixture('tiny-bert'), folder, { recursive: true });
    const file = path.join(folder, 'tokenizer.json');
    const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as { added_tokens: object[] };
    const token = { id: 100_000, content: 'zzqq', single_word: false, lstrip: false, rstrip: false, normalized: false, special: false };
    writeFileSync(file, JSON.stringify({ ...tokenizer, added_tokens: [...tokenizer.added_tokens, token] }));
    const run = await cli(['analyze', '-', '--model', folder, '--cache-dir', scratch()], { input: 'The river [MASK] is zzqq wide.' });
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!run.stderr.includes('\u001b'), 'no escape character');
    assert.match(run.stderr, /^attention-lens: [^\n]*inference failed[^\n]*\n$/, 'one line');
  });
});
