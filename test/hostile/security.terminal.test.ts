// What a document can make the command line write to a terminal: every subcommand's readable
// output and its --json, fed a document and labels that carry terminal sequences (CSI colour, an
// OSC 8 hyperlink, an OSC 0 window title ended by BEL, the one-byte C1 CSI U+009B), bidi controls
// (U+202E, U+2066, the Arabic letter mark U+061C), zero-width and tag characters and a line
// separator. Whatever the subcommand, stdout must hold none of them raw: only printable text and
// newlines (JSON escapes them as \u sequences, which read back to the same value).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { writeFileSync } from 'node:fs';
import { scratch } from '../support/paths';
import { cli } from './support/cliChild';

const work = scratch('lens-hostile-term-');
const cache = path.join(work, 'cache');
const HOSTILE = [
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;https://example.invalid/\u001b\\link\u001b]8;;\u001b\\',
  '\u001b]0;title\u0007',
  '\u009b31m',
  '\u202eevil\u202c',
  '\u2066iso\u2069',
  '\u061c',
  'zero\u200bwidth\u200d',
  '\u{E0041}\u{E0042}',
  'line\u2028separator',
];
/** A character a terminal would act on, reorder or hide: any control (but \n) or format character, or a line/paragraph separator. */
const ACTIVE = /[\p{Cf}\u2028\u2029]|(?![\n])\p{Cc}/u;

function clean(what: string, stdout: string): void {
  const hit = ACTIVE.exec(stdout);
  assert.equal(hit, null, `${what} wrote U+${hit?.[0].codePointAt(0)?.toString(16).toUpperCase()} raw at ${hit?.index}`);
}

const text = path.join(work, 'doc.txt');
writeFileSync(text, `The bank ${HOSTILE.join(' the bank ')} by the river.\n`);
const other = path.join(work, 'other.txt');
writeFileSync(other, `${HOSTILE.slice(0, 5).join(' ')} sat on the mat.\n`);
const labels = path.join(work, 'labels.tsv');
writeFileSync(
  labels,
  ['one\u202e', 'two\u009b2J', 'three\u061c']
    .flatMap((label, i) => [0, 1, 2].map((k) => `${label}\t${HOSTILE[(i * 3 + k) % HOSTILE.length]} example ${k}`))
    .join('\n'),
);

const runs: Array<[string, string[]]> = [
  ['analyze', ['analyze', text]],
  ['analyze --json -', ['analyze', text, '--json', '-']],
  ['analyze --mask', ['analyze', text, '--mask', '2,5', '--lens']],
  ['nsp', ['nsp', text, other]],
  ['nsp --json', ['nsp', text, other, '--json']],
  ['finetune', ['finetune', labels, '--folds', '3']],
  ['finetune --json', ['finetune', labels, '--folds', '3', '--json']],
  ['senses', ['senses', text, other, '--word', 'bank']],
  ['senses --json', ['senses', text, other, '--word', 'bank', '--json']],
];

describe('CLI output: no terminal sequences, bidi or hidden characters from a document', () => {
  for (const [what, args] of runs) {
    it(what, async () => {
      const r = await cli([...args, '--cache-dir', cache, '--offline'], { timeoutMs: 60_000 });
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.length > 0);
      clean(what, r.stdout);
      clean(`${what} (stderr)`, r.stderr);
      if (args.includes('--json') && args[args.indexOf('--json') + 1] !== text) JSON.parse(r.stdout);
    });
  }
});
