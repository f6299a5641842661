// The representation subcommands as a user runs them (the bundled dist/cli.cjs in a child process):
// `nsp`, `positions` and `params` write the JSON contract, and every refusal is one line
// with exit code 2 (a rotary model's positions are an answer, exit 0).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EMBEDDED_DECODER, EMBEDDED_ENCODER, embeddedModel } from '../../../src/engine/paths';
import { localePercent } from '../../../src/protocol/numberFormat';
import { fixture, scratch } from '../../support/paths';
import { cliWith, refused, writeIn } from './cliRun';

const cache = scratch();
const work = scratch();

const cli = cliWith(cache);

const file = (name: string, text: string): string => writeIn(work, name, text);

const a = file('a.txt', 'I am going outside.');
const b = file('b.txt', 'I will be back after 6.');

describe('attention-lens nsp', () => {
  it('writes { model, isNext, segments, crossAttention } with P(IsNext) the softmax of its logits', () => {
    const r = cli(['nsp', a, b, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      model: string;
      isNext: number;
      logits: [number, number];
      segments: { a: { start: number; end: number }; b: { start: number; end: number } };
      crossAttention: { layer: number; aToB: number; bToA: number }[];
      tokens: { text: string; segment: string | null }[];
    };
    assert.equal(json.model, embeddedModel(EMBEDDED_ENCODER));
    assert.ok(Math.abs(json.isNext - 1 / (1 + Math.exp(json.logits[1] - json.logits[0]))) < 1e-12);
    assert.deepEqual(json.segments, { a: { start: 1, end: 6 }, b: { start: 7, end: 14 } });
    assert.equal(json.tokens.filter((t) => t.segment === 'a').length, json.segments.a.end - json.segments.a.start);
    assert.deepEqual(
      json.crossAttention.map((c) => c.layer),
      [0, 1, 2, 3],
    );
    for (const c of json.crossAttention) assert.ok(c.aToB > 0 && c.aToB < 1 && c.bToA > 0 && c.bToA < 1);
  });

  it('reads each sentence as the editor command does, without the file’s final line end', () => {
    const ended = (name: string, text: string) => file(name, `${text}\n`);
    const json = (r: { code: number | null; stdout: string; stderr: string }) => {
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as { isNext: number; tokens: { text: string }[] };
    };
    const plain = json(cli(['nsp', a, b, '--json']));
    const fromEditor = json(cli(['nsp', ended('a-ended.txt', 'I am going outside.'), ended('b-ended.txt', 'I will be back after 6.'), '--json']));
    assert.deepEqual(
      fromEditor.tokens.map((t) => t.text),
      plain.tokens.map((t) => t.text),
      'no newline token before [SEP]',
    );
    assert.equal(fromEditor.isNext, plain.isNext);
  });

  it('prints P(IsNext), the strip and a row per layer', () => {
    const r = cli(['nsp', a, b]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /P\(IsNext\)\s+\d+\.\d+%/);
    // The rows read against what no preference gives: each sentence's share of the strip.
    const strip = /^strip\s+(.*)$/m.exec(r.stdout)?.[1].split('|') ?? [];
    const seg = /A = tokens (\d+)–(\d+), B = tokens (\d+)–(\d+)/.exec(r.stdout)?.slice(1).map(Number) ?? [];
    // As the panel's BERT tab writes them: percentages (localePercent), right-aligned in the columns.
    const share = (from: number, to: number): string => localePercent((to - from + 1) / strip.length, 'en').padStart(7);
    assert.match(
      r.stdout,
      new RegExp(`^even {3}${share(seg[2], seg[3])} {2}${share(seg[0], seg[1])} {3}\\(spread evenly over the ${strip.length} tokens`, 'm'),
    );
    // An unlikely pair, as the panel writes a probability: two significant digits under 1 % (0.64 % used
    // to read "0.6%", and 0.04 % "0.0%").
    const unlikely = ['nsp', a, file('c.txt', 'You know nothing John Snow.')];
    const { isNext } = JSON.parse(cli([...unlikely, '--json']).stdout) as { isNext: number };
    assert.ok(isNext < 0.01, `${isNext}: the check needs a pair under 1 %`);
    assert.match(cli(unlikely).stdout, new RegExp(`P\\(IsNext\\)\\s+${localePercent(isNext, 'en').replace(/[.<]/g, '\\$&')}  `));
    assert.match(r.stdout, /strip\s+\[CLS\]\|I\|␣am\|.*\|\[SEP\]\|I\|.*\|\[SEP\]$/m);
    assert.equal(r.stdout.match(/^\s+\d\s+\d+(\.\d+)?%\s+\d+(\.\d+)?%$/gm)?.length, 4);
  });

  it('refuses models without a next-sentence head, missing files, empty sentences and a wrong count of files', () => {
    refused(cli(['nsp', a, b, '--model', fixture('tiny-bert')]), /no next-sentence head .*nsp_logits/);
    refused(cli(['nsp', a, b, '--model', embeddedModel(EMBEDDED_DECODER)]), /no next-sentence head/);
    refused(cli(['nsp', a, path.join(work, 'missing.txt')]), /file not found/);
    // "sentence B is empty" named no file, for a file of blank lines too.
    refused(cli(['nsp', a, file('blank.txt', '\n \t\r\n')]), /^attention-lens: \S*blank\.txt \(sentence B\) holds only whitespace$/);
    refused(cli(['nsp', file('empty.txt', ''), a]), /^attention-lens: \S*empty\.txt \(sentence A\) is empty$/);
    refused(cli(['nsp', a]), /expected "nsp FILE_A FILE_B"/);
  });
});

describe('attention-lens positions', () => {
  it('writes { count, similarity: N×N } of the learned table, symmetric with a unit diagonal', () => {
    const r = cli(['positions', '--count', '12', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as {
      kind: string;
      count: number;
      similarity: number[][];
      pca: { points: number[][] };
      sinusoid: { similarity: number[][] };
    };
    assert.equal(json.kind, 'learned');
    assert.equal(json.count, 12);
    assert.equal(json.similarity.length, 12);
    json.similarity.forEach((row, p) => {
      assert.equal(row.length, 12);
      assert.equal(row[p], 1);
      row.forEach((v, q) => assert.equal(v, json.similarity[q][p]));
    });
    assert.equal(json.pca.points.length, 12);
    assert.equal(json.sinusoid.similarity.length, 12);
  });

  it('says a rotary model has no table and gives its frequencies (exit 0)', () => {
    const r = cli(['positions', '--model', fixture('tiny-qwen2'), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { kind: string; frequencies: number[]; message: string };
    assert.equal(json.kind, 'rotary');
    assert.equal(json.frequencies.length, 4);
    assert.equal(json.frequencies[0], 1);
    const text = cli(['positions', '--model', fixture('tiny-qwen2')]);
    assert.match(text.stdout, /no position table: it rotates/);
  });

  it('refuses a count outside the table, and --count elsewhere', () => {
    refused(cli(['positions', '--count', '513']), /has 512 positions; asked for 513/);
    refused(cli(['positions', '--count', 'two']), /--count must be a whole number/);
    // Read as analyze reads its numbers, plain decimal digits only: 0x10 was 16 positions, 1e2 a hundred.
    for (const count of ['0x10', '1e2', ' 5', '5.0', '1'])
      refused(cli(['positions', '--count', count]), new RegExp(`--count must be a whole number ≥ 2 in decimal digits, got "${count}"`));
    refused(cli(['params', '--count', '3']), /--count is for "positions" only/);
    refused(cli(['positions', a]), /"positions" takes no file/);
  });
});

describe('attention-lens params', () => {
  it("gives the model card's parameter count and the attention's memory at 512 tokens", () => {
    const r = cli(['params', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { parameters: number; stored: number; attention: { tokens: number; bytes: number } };
    assert.equal(json.parameters, 2_956_674);
    assert.equal(json.stored, 2_956_674); // the tied token matrix is stored once
    assert.deepEqual([json.attention.tokens, json.attention.bytes], [512, 4 * 4 * 512 * 512 * 4]);
    assert.match(cli(['params']).stdout, /^parameters\s+2,956,674$/m);
  });
});
