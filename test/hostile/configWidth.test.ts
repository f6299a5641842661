// A config.json whose hidden_size is not its graph's width (31 or 48 for a graph 32 wide). Before,
// the layer lens' head was declared that wide, so onnxruntime refused to load it and an analysis with
// the lens failed ("the lens head could not be loaded … ShapeInferenceError"); the lens head now
// takes its rows as wide as the graph's hidden states are, so the lens runs whatever the config says.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { cli } from './support/cliChild';
import { editConfig, modelCopy } from './support/securityModels';

const work = scratch('lens-hostile-width-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');

describe("a config.json hidden_size that is not the graph's width", () => {
  for (const width of [31, 48]) {
    it(`hidden_size ${width} for a graph 32 wide: the layer lens still runs`, async () => {
      const folder = modelCopy('tiny-bert');
      editConfig(folder, { hidden_size: width });
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline', '--lens'], { timeoutMs: 60_000 });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /layer lens \(masked-LM head after each layer/);
      assert.match(run.stdout, /2 \[MASK\] L0 \S+ [\d.]+%/);
    });
  }
});
