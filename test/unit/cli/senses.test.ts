// `attention-lens senses` as a user runs it (the bundled dist/cli.cjs in a child process): the
// issue's JSON contract `{ word, occurrences: [{ start, end }], layers: [{ layer, cosine: N×N }] }`
// on the course's Spanish "banco" sample, the readable summary, and every refusal one line with
// exit code 2.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, scratch } from '../../support/paths';
import { cliWith, refused } from './cliRun';

const cache = scratch();
const work = scratch();
const BANCO = path.join(ROOT, 'test', 'fixtures', 'words', 'banco.es.txt');

const cli = cliWith(cache);

describe('attention-lens senses', () => {
  it('writes { word, occurrences: [{ start, end }], layers: [{ layer, cosine: N×N }] } for "banco"', () => {
    const r = cli(['senses', BANCO, '--word', 'banco', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      word: string;
      occurrences: { start: number; end: number }[];
      layers: { layer: number; cosine: number[][]; clusters: number[] }[];
    };
    assert.equal(json.word, 'banco');
    assert.equal(json.occurrences.length, 6);
    for (const o of json.occurrences) assert.ok(Number.isInteger(o.start) && o.end - o.start === 5);
    assert.deepEqual(
      json.layers.map((l) => l.layer),
      [0, 1, 2, 3, 4],
    );
    for (const l of json.layers) {
      assert.equal(l.cosine.length, 6);
      l.cosine.forEach((row, p) => {
        assert.equal(row.length, 6);
        assert.ok(Math.abs(row[p] - 1) < 1e-5);
        row.forEach((v, q) => assert.equal(v, l.cosine[q][p]));
      });
    }
  });

  it('prints a row per layer and the static row’s vocabulary neighbours', () => {
    const r = cli(['senses', BANCO, '--word', 'Banco']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /word\s+banco: 6 occurrences/i);
    assert.equal(r.stdout.match(/^\s+\d\s+-?\d\.\d{3}\s+[01]{6}$/gm)?.length, 5);
    assert.match(r.stdout, /static rows/);
  });

  it('refuses a missing --word, a word that does not occur, a missing file and extra files', () => {
    refused(cli(['senses', BANCO]), /--word W is required/);
    refused(cli(['senses', BANCO, '--word', 'banc']), /does not occur as a whole word/);
    refused(cli(['senses', path.join(work, 'missing.txt'), '--word', 'x']), /file not found/);
    const other = path.join(work, 'other.txt');
    writeFileSync(other, 'x');
    refused(cli(['senses', BANCO, other, '--word', 'banco']), /expected "senses FILE --word W"/);
  });
});
