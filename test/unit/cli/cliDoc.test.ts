// The command-line tool's page (docs/cli.md, which the README points to) names every subcommand and
// every option the tool's --help names: nsp, positions, params and finetune (with --count and
// --folds) were missing from it when it was the README's section.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { built } from '../../support/build';
import { ROOT } from '../../support/paths';

const section = readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8');
const help = spawnSync(process.execPath, [built('cli.cjs'), '--help'], { encoding: 'utf8' }).stdout;

describe('docs/cli.md: the command-line tool', () => {
  it('names every subcommand of --help', () => {
    const commands = [...new Set([...help.matchAll(/attention-lens (\w+)/g)].map((m) => m[1]))];
    assert.ok(commands.length >= 6, help);
    for (const command of commands) assert.ok(section.includes(`attention-lens ${command}`), `docs/cli.md does not name "attention-lens ${command}"`);
  });

  it('names every option of --help', () => {
    const options = [...new Set([...help.matchAll(/--[a-z][\w-]*/g)].map((m) => m[0]))];
    assert.ok(options.length > 15, help);
    for (const option of options) assert.ok(section.includes(option), `docs/cli.md does not name ${option}`);
  });

  it('says what --timeout counts: silence from the engine, the model load included, a download in progress not cut short', () => {
    // "stops the analysis after S seconds" read as if loading the model were outside it, and said
    // nothing of a long download, whose progress restarts the count.
    for (const [where, text] of [
      ['--help', help],
      ['docs/cli.md', section],
    ]) {
      // From its sentence to the next option's.
      const said = /--timeout[^]*?(?=[\s`(]--(?!timeout)[a-z])/.exec(text.slice(text.indexOf('--timeout S') + 1))?.[0] ?? '';
      assert.match(said, /model.{0,40}load|load.{0,40}model/is, `${where} does not say the load counts`);
      assert.match(said, /download/i, `${where} does not say what happens to a download`);
    }
  });
});

describe('exit codes: one meaning each, listed by every --help and by docs/cli.md', () => {
  const helps = [[], ['nsp'], ['senses']].map((command) => spawnSync(process.execPath, [built('cli.cjs'), ...command, '--help'], { encoding: 'utf8' }).stdout);
  it('every --help lists 0, 1, 2 and 3 with what each means', () => {
    for (const text of helps) {
      assert.match(text, /exit status: 0 done; 2 refused/, text);
      assert.match(text, /\b3 the engine stopped before it answered/, text);
      assert.match(text, /\b1 an unexpected error/, text);
    }
  });
  it('docs/cli.md has the same table', () => {
    for (const code of ['| 0 | done', '| 1 | an unexpected error', '| 2 | refused', '| 3 | the engine stopped']) assert.ok(section.includes(code), code);
  });
  it('a stopped engine (timeout, crash) exits 3, any other engine refusal 2, anything else 1', async () => {
    const { failed } = await import('../../../src/cli/args');
    const { EngineError } = await import('../../../src/engine/errors');
    const write = process.stderr.write.bind(process.stderr);
    const lines: string[] = [];
    process.stderr.write = ((chunk: string) => lines.push(chunk) > 0) as typeof process.stderr.write;
    try {
      assert.equal(failed(new EngineError('timeout', 'analyze took longer than 2 s and was stopped')), 3);
      assert.equal(failed(new EngineError('worker-crashed', 'the engine stopped')), 3);
      for (const code of ['bad-input', 'file-not-found', 'model-corrupt', 'model-files-missing', 'network', 'unsupported-architecture'] as const)
        assert.equal(failed(new EngineError(code, 'x')), 2, code);
      assert.equal(failed(new TypeError('boom')), 1);
    } finally {
      process.stderr.write = write;
    }
    assert.equal(lines.length, 9);
    assert.match(lines[8], /^attention-lens: unexpected error: boom\n$/);
  });
});
