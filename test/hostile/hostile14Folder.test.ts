// A local model folder whose name holds a newline and a right-to-left override (hostile paths, round
// 14). Every message naming it wrote the newline as a space ("model /tmp/x/evil‮txt.exe line: …"), so
// it read as the name of another folder, one that does not exist; names are escaped everywhere else
// (neutralName: `\x0A`). Now the folder in the engine's messages is shownPath's: the newline and the
// override escaped, the home folder "~", whichever check refuses it.
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { neutralName } from '../../src/protocol/neutralise';
import { fixture, scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';

const work = scratch('lens-hostile14-folder-');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The [MASK] sat on the mat.\n');

/** A copy of tiny-bert in a folder named with a newline and an override, changed by `spoil`. */
function folderWith(spoil: (folder: string) => void): string {
  const folder = path.join(scratch('lens-hostile14-'), 'evil\u202Etxt.exe\nline');
  cpSync(fixture('tiny-bert'), folder, { recursive: true, dereference: true });
  spoil(folder);
  return folder;
}

describe('a model folder named with a newline and a bidi override', () => {
  for (const [what, spoil] of [
    ['config.json not valid JSON', (f: string) => writeFileSync(path.join(f, 'config.json'), '{')],
    ['no tokenizer.json', (f: string) => rmSync(path.join(f, 'tokenizer.json'))],
    ['an unsupported architecture', (f: string) => writeFileSync(path.join(f, 'config.json'), '{"model_type": "vit"}')],
    ['tokenizer.json not valid JSON', (f: string) => writeFileSync(path.join(f, 'tokenizer.json'), '{')],
    ['no folder at all', (f: string) => rmSync(f, { recursive: true })],
  ] as const) {
    it(`${what}: the line names the folder with its newline escaped`, async () => {
      const folder = folderWith(spoil);
      const run = await cli(['analyze', text, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 30_000 });
      const line = oneLine(run);
      assert.ok(line.includes(neutralName(folder)), line);
      assert.ok(!line.includes('txt.exe line'), line);
    });
  }
});

describe('a working model folder named with a newline and a bidi override', () => {
  for (const command of [['analyze', text], ['params'], ['positions']]) {
    it(`${command[0]}: the model line names the folder with its newline escaped`, async () => {
      const folder = folderWith(() => undefined);
      const run = await cli([...command, '--model', folder, '--cache-dir', path.join(work, 'cache'), '--offline'], { timeoutMs: 60_000 });
      assert.equal(run.code, 0, run.stderr);
      const line = run.stdout.split('\n').find((l) => l.startsWith('model '));
      assert.ok(line?.includes(neutralName(folder)), line);
    });
  }
});

describe('a loaded model from a folder named with a newline', () => {
  it('a refusal after the load (masking a decoder) names the folder with its newline escaped', async () => {
    const { Engine } = await import('../../src/engine/engine');
    const engine = new Engine({ cacheDir: path.join(work, 'engine-cache'), precision: 'float32' });
    try {
      const folder = path.join(scratch('lens-hostile14-'), 'gpt\nline');
      cpSync(fixture('tiny-gpt2'), folder, { recursive: true, dereference: true });
      await assert.rejects(engine.analyze(folder, { text: 'The cat sat.', mask: [1] }), (error: Error) => {
        assert.ok(error.message.includes(neutralName(folder)), error.message);
        return true;
      });
    } finally {
      await engine.dispose();
    }
  });
});
