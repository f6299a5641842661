// A config.json whose position count is absurd or lies (issue: hostile model configs): 0, −5,
// 1e15, a fraction or a string in max_position_embeddings / n_positions is refused with one line
// that names the field; a plausible count larger than the graph's own position table (1,000,000
// for 64 rows) gives way to the table, so a long text is windowed to what the model can read
// instead of running onnxruntime's Gather past the table's end.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';
import { editConfig, modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-positions-');
const cache = path.join(work, 'cache');
const long = path.join(work, 'long.txt');
writeFileSync(long, 'The river [MASK] is wide and the water runs. '.repeat(20));

describe('a config.json position count', () => {
  for (const [field, fixture] of [
    ['max_position_embeddings', 'tiny-bert'],
    ['n_positions', 'tiny-gpt2'],
  ] as const) {
    for (const value of [0, -5, 1e15, 2.5, '512']) {
      it(`${field} ${JSON.stringify(value)} is refused with a line that names the field`, async () => {
        const folder = modelCopy(fixture);
        editConfig(folder, { [field]: value });
        const run = await cli(['analyze', long, '--model', folder, '--cache-dir', cache, '--offline'], { timeoutMs: 30_000 });
        const line = oneLine(run);
        assert.match(line, new RegExp(`config\\.json's ${field} is ${JSON.stringify(value).replace(/[.+]/g, '\\$&')}`), line);
        assert.match(line, /expected a whole number of positions from 1 to /);
      });
    }
  }

  it('a plausible count larger than the graph’s position table gives way to the table: the long text runs', async () => {
    const folder = modelCopy('tiny-bert');
    editConfig(folder, { max_position_embeddings: 1_000_000 });
    const out = path.join(work, 'long.json');
    const run = await cli(['analyze', long, '--model', folder, '--cache-dir', cache, '--offline', '--json', out], { timeoutMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { model: { maxPositions: number }; tokens: unknown[] };
    assert.equal(json.model.maxPositions, 64, 'the graph holds 64 position rows');
    assert.ok(json.tokens.length <= 64, `${json.tokens.length} tokens`);
    const positions = await cli(['positions', '--model', folder, '--cache-dir', cache, '--offline', '--json'], { timeoutMs: 60_000 });
    assert.equal(positions.code, 0, positions.stderr);
    assert.equal((JSON.parse(positions.stdout) as { count: number }).count, 64);
  });
});
