// onnxruntime's own log on the command line's stderr: a model whose tokenizer.json gives its tokens
// a segment (token type) id past the end of the graph's token-type table (70000 for 2 rows) is run
// past the table's end, and onnxruntime's native logger wrote its error to stderr itself, with
// terminal colour sequences and the graph's node names (text from the model file) raw, before the
// CLI's own neutralised line. Only the CLI's one line may reach stderr. (Token ids past the token
// table, and a config.json that claims more positions than the graph holds, no longer get this far:
// they are refused at load, tokenTable.test.ts and positionConfig.test.ts.)
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
    const tokenizer = JSON.parse(readFileSync(file, 'utf8')) as { post_processor: { single: Record<string, { type_id: number }>[] } };
    for (const part of tokenizer.post_processor.single) for (const item of Object.values(part)) item.type_id = 70_000;
    writeFileSync(file, JSON.stringify(tokenizer));
    const run = await cli(['analyze', '-', '--model', folder, '--cache-dir', scratch()], { input: 'The river [MASK] is wide.' });
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!run.stderr.includes('\u001b'), 'no escape character');
    assert.match(run.stderr, /^attention-lens: [^\n]*inference failed[^\n]*\n$/, 'one line');
  });
});
