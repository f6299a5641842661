// `attention-lens senses` as a user runs it (the bundled dist/cli.cjs in a child process): the
// issue's JSON contract `{ word, occurrences: [{ start, end }], layers: [{ layer, cosine: N×N }] }`
// on the course's Spanish "banco" sample, the readable summary, and every refusal one line with
// exit code 2.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, scratch } from '../../support/paths';
import { cliWith, refused } from './cliRun';

const cache = scratch();
const work = scratch();
const BANCO = path.join(ROOT, 'test', 'fixtures', 'words', 'banco.es.txt');

const cli = cliWith(cache);
writeFileSync(path.join(work, 'one.txt'), 'Me senté en el banco del parque.\n');

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
    // The fixture's "el Banco" is other tokens than "banco": the table has the column of those with the same tokens.
    assert.equal(r.stdout.match(/^\s+\d\s+\u2212?\d\.\d{3}\s+\d\.\d{3}\s+[01]{6}$/gm)?.length, 5);
    assert.match(r.stdout, /static rows/);
    // One window, one occurrence: "1 windows" and "1 occurrences" were printed.
    const one = cli(['senses', path.join(work, 'one.txt'), '--word', 'banco']);
    assert.match(one.stdout, /^word +banco: 1 occurrence, 1 window in \d+ ms$/m, one.stdout + one.stderr);
    // And no pair to compare: the mean cosine read 1.000, as if the readings were identical.
    assert.equal(one.stdout.match(/^ +\d +– +0$/gm)?.length, 5, one.stdout);
  });

  it('a word written with different tokens ("banco", "Banco"): names them, the mean of those with the same tokens per layer, and each one’s static rows', () => {
    // banco.es.txt: "banco" five times, "el Banco" once (other tokens): layer 0 is not one vector.
    const r = cli(['senses', BANCO, '--word', 'banco']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^tokens +2 different sequences \(␣ban·co, ␣B·anco\): layer 0 differs because of them, not of the context$/m, r.stdout);
    assert.match(r.stdout, /^layer {2}mean cosine {2}same tokens {2}clusters$/m);
    const rows = r.stdout.match(/^ +(\d) +\d\.\d{3} +(\d\.\d{3}) +[01]{6}$/gm) ?? [];
    assert.equal(rows.length, 5, r.stdout);
    assert.match(rows[0], / 1\.000 +[01]{6}$/, 'the same tokens are one vector at layer 0');
    // Each sequence's rows under its places: the five of "banco", then the one of "Banco".
    const statics = r.stdout.slice(r.stdout.indexOf('static rows'));
    assert.match(statics, /^ {2}\S+ \(line 1, line 2, line 3, line 4, line 5\)$/m, statics);
    assert.match(statics, /^ {2}\S+ \(line 6\)$/m, statics);
    assert.ok(statics.indexOf('(line 1,') < statics.indexOf('(line 6)'));
    assert.equal(statics.match(/^ {4}\S.*: /gm)?.length, 4, 'two rows a sequence');
    // A token's leading space is ␣, as in the panel, not a blank that shifts the row: "␣ban".
    assert.match(statics, /^ {2}␣ban·co \(/m);
  });

  it('an identifier after a space and after a bracket: the same letters, other tokens, named; a shared token’s rows once', () => {
    const code = path.join(work, 'code.ts');
    writeFileSync(code, 'const userName = getUserName();\nlog(getUserName);\n');
    const r = cli(['senses', code, '--word', 'getUserName']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^tokens +2 different sequences \(␣get·U·ser·Name, get·U·ser·Name\): layer 0 differs because of them/m, r.stdout);
    assert.match(r.stdout, /^ {4}U, ser, Name: as above$/m, r.stdout);
    assert.equal(r.stdout.match(/^ {4}Name: /gm)?.length, 1, r.stdout);
  });

  it('refuses a missing --word, a word that does not occur, a missing file and no file', () => {
    refused(cli(['senses', BANCO]), /--word W is required/);
    refused(cli(['senses', BANCO, '--word', 'banc']), /does not occur as a whole word/);
    refused(cli(['senses', path.join(work, 'missing.txt'), '--word', 'x']), /file not found/);
    refused(cli(['senses', '--word', 'banco']), /expected "senses FILE… --word W"/);
    // stdin is read to its end for the first '-': a second one would be an empty text, not a refusal.
    refused(cli(['senses', '-', '-', '--word', 'banco'], 'el banco\n'), /^attention-lens: stdin \('-'\) can be given once; give files for the other texts$/);
    refused(cli(['nsp', '-', '-'], 'I am going outside.\n'), /^attention-lens: stdin \('-'\) can be given once; give files for the other texts$/);
  });

  it('parses through the shared argument module: --help, a value that looks like an option, an unknown option, a bad precision', () => {
    const help = cli(['senses', '--help']);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^usage: attention-lens senses FILE/);
    refused(cli(['senses', BANCO, '--word', '-banco']), /--word needs a value; to give one that starts with "-", write --word=-banco/);
    refused(cli(['senses', BANCO, '--word', 'banco', '--frobnicate']), /Unknown option '--frobnicate'.*\(see attention-lens --help\)$/);
    refused(cli(['senses', BANCO, '--word', 'banco', '--precision', 'fp8']), /--precision must be fp32, fp16 or q8, got "fp8"/);
  });

  it('refuses "--json OUT" as analyze takes it: the file after --json was read as one more input, and nothing was written', () => {
    const earlier = path.join(work, 'earlier.json');
    writeFileSync(earlier, '{"banco": "an earlier output"}\n');
    const r = cli(['senses', BANCO, '--word', 'banco', '--json', earlier]);
    refused(r, /--json takes no file here: the JSON goes to stdout \(redirect it: --json > FILE\); put input files before --json$/);
    refused(cli(['nsp', BANCO, BANCO, '--json', earlier]), /--json takes no file here/);
    refused(cli(['params', '--json', earlier]), /--json takes no file here/);
  });

  it('names the commands when the first word is not one of them', () => {
    refused(
      cli(['sense', BANCO, '--word', 'banco']),
      /^attention-lens: unknown command "sense": the commands are analyze, nsp, positions, params, finetune and senses \(see attention-lens --help\)$/,
    );
    refused(cli([]), /^attention-lens: expected a command: analyze, nsp, positions, params, finetune or senses \(see attention-lens --help\)$/);
  });

  it('reads several files: each occurrence names its file, the windows never cross files', () => {
    const river = path.join(work, 'river.txt');
    const money = path.join(work, 'money.txt');
    writeFileSync(river, 'Nos sentamos en el banco del río.\nEl banco de arena.\n');
    writeFileSync(money, 'Fui al banco a pedir un préstamo.\n');
    const r = cli(['senses', river, money, '--word', 'banco', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { files: string[]; occurrences: { file: number; start: number; end: number }[]; layers: { cosine: number[][] }[] };
    assert.deepEqual(json.files, [river, money]);
    assert.deepEqual(
      json.occurrences.map((o) => o.file),
      [0, 0, 1],
    );
    const texts = [river, money].map((f) => readFileSync(f, 'utf8'));
    for (const o of json.occurrences) assert.equal(texts[o.file].slice(o.start, o.end), 'banco');
    assert.equal(json.layers[0].cosine.length, 3);
    const text = cli(['senses', river, money, '--word', 'banco']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /river\.txt:1, river\.txt:2, money\.txt:1/);
  });
});
