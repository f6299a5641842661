// --timeout for every subcommand (the CLI as a child process): nsp, finetune and senses on a model
// whose tokenizer never finishes (a backtracking pre-tokenizer regex) used to run the engine in
// the CLI's own process, where nothing could stop it: they hung until killed. Each now runs the
// engine in a process of its own and stops at --timeout with exit 3 (the engine stopped) and one line, like analyze.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { writeBacktrackingTokenizerModel } from '../../tools/fixtures/hostileModels';
import { ROOT, scratch } from '../support/paths';
import { cli } from './support/cliChild';
import { HANGING_TEXT } from './support/reliability';

describe('attention-lens subcommands: --timeout', () => {
  const cache = scratch();
  const work = scratch();
  let model: string;
  let hang: string;
  let plain: string;
  let labels: string;

  before(() => {
    // The embedded encoder: it has the next-sentence head nsp needs.
    model = writeBacktrackingTokenizerModel(path.join(ROOT, 'models', 'tiny-bert-es-en'), path.join(scratch('lens-hostile-'), 'backtracking-bert'));
    hang = path.join(work, 'hang.txt');
    writeFileSync(hang, `the bank ${HANGING_TEXT}`);
    plain = path.join(work, 'plain.txt');
    writeFileSync(plain, 'The river bank was steep.\n');
    labels = path.join(work, 'labels.tsv');
    writeFileSync(labels, ['a', 'b', 'a', 'b', 'a', 'b'].map((l, i) => `${l}\t${i === 0 ? HANGING_TEXT : `line ${i} bank`}`).join('\n'));
  });

  for (const [name, args, method] of [
    ['nsp', () => ['nsp', hang, plain], 'nsp'],
    ['finetune', () => ['finetune', labels, '--folds', '2'], 'fineTune'],
    ['senses', () => ['senses', hang, '--word', 'bank'], 'senses'],
  ] as const) {
    it(`${name} on a hung tokenizer stops at --timeout 2: exit 3, one line, in about that time`, async () => {
      const run = await cli([...args(), '--model', model, '--timeout', '2', '--cache-dir', cache], { timeoutMs: 40_000 });
      assert.equal(run.code, 3, `exit ${run.code}, stderr ${run.stderr}`);
      assert.equal(run.stderr, `attention-lens: ${method} took longer than 2 s and was stopped\n`);
      assert.equal(run.stdout, '');
      assert.ok(run.seconds >= 2 && run.seconds < 25, `took ${run.seconds} s`);
    });
  }

  it('params takes --timeout too, and refuses 0 with one line', async () => {
    const ok = await cli(['params', '--timeout', '30', '--cache-dir', cache]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /param/i);
    const zero = await cli(['positions', '--timeout', '0', '--cache-dir', cache]);
    assert.equal(zero.code, 2);
    assert.equal(zero.stderr, 'attention-lens: --timeout must be at least 1 (seconds)\n');
  });
});
