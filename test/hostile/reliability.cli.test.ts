// The command-line tool against hangs (issue 14, item 7), as a child process under /usr/bin/time:
// a tokenizer that never finishes is stopped at --timeout with exit 2 and one line.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { scratch } from '../support/paths';
import { HANGING_TEXT, hangingTokenizerModel, timedCli } from './support/reliability';

describe('attention-lens analyze: hangs', () => {
  const cache = scratch();
  const work = scratch();
  let hanging: string;
  let input: string;

  before(() => {
    hanging = hangingTokenizerModel();
    input = path.join(work, 'hang.txt');
    writeFileSync(input, HANGING_TEXT);
  });

  it('stops a hung tokenizer at --timeout: exit 2, one line, in about that time', async () => {
    const run = await timedCli(['analyze', input, '--model', hanging, '--timeout', '2', '--cache-dir', cache]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'attention-lens: analyze took longer than 2 s and was stopped\n');
    assert.equal(run.stdout, '');
    // Measured 4–6 s on a loaded 2-core machine (start, load, 2 s deadline, kill).
    assert.ok(run.seconds >= 2 && run.seconds < 20, `took ${run.seconds} s`);
  });

  it('refuses --timeout 0 with one line', async () => {
    const run = await timedCli(['analyze', input, '--model', hanging, '--timeout', '0', '--cache-dir', cache]);
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'attention-lens: --timeout must be at least 1 (seconds)\n');
  });
});
