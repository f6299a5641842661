// A model that reads fewer than 8 tokens at once (hostile models, round 13: max_position_embeddings
// 3 or 4). Before, the analysis's limit had a floor of 8 meant for the maxTokens setting, which
// overrode the model's own count: the summary said "4 positions", then "more than the 8 this
// analysis allows" and ran 8 tokens (past the position table of a model that has only 4 rows, an
// onnxruntime failure). Now the floor applies to the setting only; the model's count bounds it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli } from './support/cliChild';
import { editConfig, modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-positions-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat by the door.\n');

describe('a model of fewer than 8 positions', () => {
  for (const positions of [3, 4, 6]) {
    it(`max_position_embeddings ${positions}: at most ${positions} tokens run, and the notice says ${positions}`, async () => {
      const folder = modelCopy();
      editConfig(folder, { max_position_embeddings: positions });
      const json = path.join(work, 'out.json');
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline', '--json', json], { timeoutMs: 30_000 });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`${positions} positions\\)`));
      assert.match(run.stdout, new RegExp(`more than the ${positions} this analysis allows`));
      const { tokens } = JSON.parse(readFileSync(json, 'utf8')) as { tokens: unknown[] };
      assert.ok(tokens.length <= positions, `${tokens.length} tokens ran`);
    });
  }
});
