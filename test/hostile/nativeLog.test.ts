// onnxruntime's own log on the command line's stderr: a model whose config.json claims a position
// table larger than its graph's (1,000,000 rows for 64) is run past the table's end, and
// onnxruntime's native logger wrote its error to stderr itself, with terminal colour sequences and
// the graph's node names (text from the model file) raw, before the CLI's own neutralised line.
// Only the CLI's one line may reach stderr.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fixture, scratch } from '../support/paths';
import { cli } from './support/cliChild';

describe("onnxruntime's native log", () => {
  it("never reaches stderr: a failed run is the CLI's one line, with no terminal sequence", async () => {
    const folder = path.join(scratch('lens-hostile-'), 'positions');
    cpSync(fixture('tiny-bert'), folder, { recursive: true });
    const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ ...config, max_position_embeddings: 1_000_000 }));
    const run = await cli(['analyze', '-', '--model', folder, '--cache-dir', scratch()], {
      input: 'The river [MASK] is wide and the water runs. '.repeat(20),
    });
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!run.stderr.includes('\u001b'), 'no escape character');
    assert.match(run.stderr, /^attention-lens: [^\n]*inference failed[^\n]*\n$/, 'one line');
  });
});
