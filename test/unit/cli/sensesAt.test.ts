// `attention-lens senses --at [FILE:]LINE:COL` (the bundled dist/cli.cjs in a child process): past
// the first 200 occurrences the CLI always read the first 200, so an occurrence further on could not
// be studied; --at names the one to read (it takes the last one's place), the JSON's `at` says which
// it is, and a place that is no occurrence, or no place, is refused in one line with exit code 2.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratch } from '../../support/paths';
import { cliWith, refused } from './cliRun';

const cache = scratch();
const work = scratch();
const cli = cliWith(cache);
/** 205 lines "el banco": occurrence k (from 1) is on line k, column 4. */
const MANY = path.join(work, 'many.txt');
writeFileSync(MANY, 'el banco\n'.repeat(205));
const ONE = path.join(work, 'one.txt');
writeFileSync(ONE, 'Me senté en el banco del parque.\n');

/** The run's --json, read from its stdout (cliWith's buffer holds 200 occurrences' matrices). */
function jsonOf(args: string[]): unknown {
  const r = cli([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('attention-lens senses --at', () => {
  it('reads the occurrence at LINE:COL past the first 200, and says which it is', () => {
    const json = jsonOf(['senses', MANY, '--word', 'banco', '--at', '204:6']) as {
      found: number;
      occurrences: { start: number }[];
      at: { occurrence: number; added: boolean };
    };
    assert.equal(json.found, 205);
    assert.equal(json.occurrences.length, 200);
    assert.deepEqual(json.at, { occurrence: 199, added: true });
    assert.equal(json.occurrences[199].start, 203 * 9 + 3, 'line 204’s banco');
    const text = cli(['senses', MANY, '--word', 'banco', '--at', `${MANY}:204:4`]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^at +occurrence 200, line 204 \(it lies past the first 200: it takes the last one’s place\)$/m, text.stdout);
    assert.match(text.stdout, /line 204/);
  });

  it('names an occurrence among the first ones without moving it', () => {
    const r = cli(['senses', ONE, '--word', 'banco', '--at', '1:16', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((JSON.parse(r.stdout) as { at: unknown }).at, { occurrence: 0, added: false });
    const plain = cli(['senses', ONE, '--word', 'banco', '--json']);
    assert.equal((JSON.parse(plain.stdout) as { at?: unknown }).at, undefined, 'no --at, no at');
  });

  it('refuses a place that is not LINE:COL, outside the text, on no occurrence, or in a file not given', () => {
    refused(cli(['senses', ONE, '--word', 'banco', '--at', 'x']), /^attention-lens: --at must be LINE:COL or FILE:LINE:COL, counting from 1, got "x"$/);
    refused(cli(['senses', ONE, '--word', 'banco', '--at', '0:1']), /--at must be LINE:COL/);
    refused(cli(['senses', ONE, '--word', 'banco', '--at', '9:1']), /^attention-lens: --at line 9: the text has 2 lines$/);
    refused(cli(['senses', ONE, '--word', 'banco', '--at', '1:99']), /^attention-lens: --at line 1, column 99: the line has 32 characters$/);
    refused(cli(['senses', ONE, '--word', 'banco', '--at', '1:1']), /^attention-lens: --at line 1, column 1 is on no occurrence of "banco"$/);
    refused(cli(['senses', ONE, MANY, '--word', 'banco', '--at', '1:16']), /--at needs FILE:LINE:COL when there are 2 files/);
    refused(cli(['senses', ONE, '--word', 'banco', '--at', 'other.txt:1:16']), /--at names "other\.txt", which is not one of the files given/);
  });

  it('is in --help', () => {
    const help = cli(['senses', '--help']);
    assert.match(help.stdout, /--at \[FILE:\]LINE:COL/);
  });
});
