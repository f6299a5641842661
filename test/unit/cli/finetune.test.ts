// `attention-lens finetune LABELS.tsv` as a user runs it (the bundled dist/cli.cjs in a child
// process): the issue's JSON contract { accuracy, folds, perClass, confusion }, the readable table,
// and refusals (one line, exit code 2) for a line without a tab, a single label, bad --folds, and
// --folds given to another subcommand. Also the shared argument parser's --help for these commands.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fewLinesWarning } from '../../../src/cli/finetune';
import { EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import type { ClassResult } from '../../../src/protocol/finetune';
import { scratch } from '../../support/paths';
import { cliWith, refused, writeIn } from './cliRun';

const cache = scratch();
const work = scratch();

const cli = cliWith(cache);

const file = (name: string, text: string): string => writeIn(work, name, text);

const CODE = [
  'const a = b + 1;',
  'return list.map((x) => x * 2);',
  'if (!ok) throw new Error("no");',
  'export function f(): void {}',
  'let i = 0; i++;',
  'import x from "y";',
];
const PROSE = [
  'The cat sat by the window.',
  'We walked along the river.',
  'It was a long and cold winter.',
  'She read the letter twice.',
  'The shop closes at six.',
  'My friend lives near the sea.',
];
const tsv = file('labels.tsv', [...CODE.map((t) => `code\t${t}`), '', ...PROSE.map((t) => `prose\t${t}`)].join('\n'));

describe('attention-lens finetune', () => {
  it('writes { accuracy, folds, perClass, confusion } from K-fold cross-validation', () => {
    const r = cli(['finetune', tsv, '--folds', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      model: string;
      labels: string[];
      examples: number;
      accuracy: number;
      folds: number;
      foldAccuracy: number[];
      perClass: { label: string; support: number; precision: number; recall: number; f1: number }[];
      confusion: number[][];
    };
    assert.equal(json.model, embeddedModel(EMBEDDED_ENCODER));
    assert.deepEqual(json.labels, ['code', 'prose']);
    assert.equal(json.examples, 12);
    assert.equal(json.folds, 3);
    assert.equal(json.foldAccuracy.length, 3);
    assert.ok(json.accuracy >= 0 && json.accuracy <= 1);
    // The accuracy is the confusion matrix's diagonal share, and each row sums to its class's support.
    assert.ok(Math.abs(json.accuracy - (json.confusion[0][0] + json.confusion[1][1]) / 12) < 1e-6);
    json.confusion.forEach((row, i) => assert.equal(row[0] + row[1], json.perClass[i].support));
    assert.deepEqual(
      json.perClass.map((c) => [c.label, c.support]),
      [
        ['code', 6],
        ['prose', 6],
      ],
    );
  });

  it('prints the accuracy, a row per label and the confusion matrix', () => {
    const r = cli(['finetune', tsv, '--folds', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /accuracy\s+\d+\.\d% over 12 lines, 2-fold cross-validation/);
    assert.match(r.stdout, /^code\s+6\s/m);
    assert.match(r.stdout, /^prose\s+6\s/m);
    assert.match(r.stdout, /confusion \(rows: true label, columns: predicted\)/);
  });

  it('sets the accuracy beside the baseline of always answering the most common label, and says when it is not above it', () => {
    // Six copies of one line: no feature tells the labels apart, whatever the model.
    const same = file('same.tsv', ['a', 'a', 'a', 'a', 'b', 'b'].map((label) => `${label}\tThe same line again.`).join('\n'));
    const json = JSON.parse(cli(['finetune', same, '--folds', '3', '--json']).stdout) as { accuracy: number; baseline: number };
    assert.ok(Math.abs(json.baseline - 4 / 6) < 1e-6, String(json.baseline));
    assert.ok(json.accuracy <= json.baseline, `${json.accuracy} vs ${json.baseline}`);
    const text = cli(['finetune', same, '--folds', '3']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /^baseline\s+66\.7% \(always answering the most common label\); not above it: too few lines, or the model's features do not separate these labels$/m,
    );
    // Code against prose: the line says the baseline, and "not above" only when the accuracy is not.
    const r = JSON.parse(cli(['finetune', tsv, '--folds', '2', '--json']).stdout) as { accuracy: number; baseline: number };
    assert.equal(r.baseline, 0.5);
    const line = /^baseline.*$/m.exec(cli(['finetune', tsv, '--folds', '2']).stdout)?.[0] ?? '';
    assert.match(line, /^baseline\s+50\.0% \(always answering the most common label\)/);
    assert.equal(line.includes('not above it'), r.accuracy <= r.baseline, line);
  });

  it('warns in one line when a label has fewer lines than the folds or than five, saying what to do', () => {
    // Below-chance figures came with no word of why.
    const few = file('few.tsv', [...CODE.map((t) => `code\t${t}`), ...PROSE.slice(0, 2).map((t) => `prose\t${t}`)].join('\n'));
    const r = cli(['finetune', few, '--folds', '3']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.match(/^warning.*$/gm), [
      'warning    too few lines for prose (2 lines) to judge with 3 folds: add lines (at least 5 per label), or pass --folds 2',
    ]);
    assert.match(r.stdout, /^baseline.*\nwarning/m, 'right under the baseline it explains');
    assert.doesNotMatch(cli(['finetune', tsv, '--folds', '3']).stdout, /warning/, 'six lines a label are enough for three folds');
    // --json carries the same warning (it had no field for it), null when every label has enough lines.
    const warned = JSON.parse(cli(['finetune', few, '--folds', '3', '--json']).stdout) as { warning: string | null };
    assert.equal(warned.warning, 'too few lines for prose (2 lines) to judge with 3 folds: add lines (at least 5 per label), or pass --folds 2');
    assert.equal((JSON.parse(cli(['finetune', tsv, '--folds', '3', '--json']).stdout) as { warning: string | null }).warning, null);
    assert.deepEqual(
      fewLinesWarning({ folds: 8, perClass: [{ label: 'a', support: 6 } as ClassResult, { label: 'b', support: 1 } as ClassResult] }),
      'too few lines for a (6 lines), b (1 line) to judge with 8 folds: add lines (at least 8 per label)',
    );
  });

  it('refuses a line without a tab, a single label, bad --folds, --folds elsewhere and a missing file', () => {
    refused(cli(['finetune', file('notab.tsv', 'code\tx = 1\nno tab here\n')]), /notab\.tsv:2: expected a label, a tab, then the text/);
    refused(cli(['finetune', file('one.tsv', 'code\tx = 1\ncode\ty = 2\n')]), /at least two different labels/);
    refused(cli(['finetune', tsv, '--folds', '13']), /--folds must be a whole number from 2 to the number of labelled lines \(12\)/);
    refused(cli(['finetune', tsv, '--folds', '-1']), /--folds must be a whole number ≥ 0/);
    refused(cli(['finetune', tsv, '--folds', 'x']), /--folds must be a whole number ≥ 0 in decimal digits, got "x"/);
    refused(cli(['positions', '--folds', '3']), /--folds is for "finetune" only/);
    refused(cli(['finetune']), /expected "finetune LABELS.tsv"/);
    refused(cli(['finetune', path.join(work, 'missing.tsv')]), /file not found/);
    // stdin is named as analyze names it ("-:2" and "- has no labelled lines" named no file).
    refused(cli(['finetune', '-'], ''), /^attention-lens: stdin has no labelled lines/);
    refused(cli(['finetune', '-'], 'code\tx = 1\nno tab here\n'), /^attention-lens: stdin:2: expected a label, a tab, then the text/);
  });

  it('prints the subcommands’ usage with --help', () => {
    const r = cli(['finetune', '--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /attention-lens finetune LABELS\.tsv \[--model M\] \[--folds K\] \[--json\]/);
  });
});
