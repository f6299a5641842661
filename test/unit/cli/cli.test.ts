// The command-line tool as a user runs it (the bundled dist/cli.cjs in a child process): the
// readable summary, the JSON contract, stdin, and one clear line for every kind of bad input.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { built } from '../../support/build';
import { HubServer } from '../../support/hubServer';
import { fixture, scratch } from '../../support/paths';

const cache = scratch();
const execFileAsync = promisify(execFile);
const work = scratch();

function cli(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [built('cli.cjs'), ...args, '--cache-dir', cache], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, text: string): string {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

interface Json {
  model: { id: string; kind: string; layers: number; heads: number; maxPositions: number };
  tokens: { text: string; id: number; special: boolean; start: number | null; end: number | null; word: number | null }[];
  attentions: number[][][][];
  predictions: {
    masked: { position: number; top: { token: string; p: number }[] }[];
    next: { token: string; p: number }[];
    perToken: { position: number; p: number; rank: number; surprisal: number }[];
  };
  notices: string[];
}

describe('attention-lens analyze', () => {
  it('writes the JSON contract for an encoder, with --mask positions into tokens', () => {
    const text = 'The river bank was steep.';
    const out = path.join(work, 'bert.json');
    const r = cli(['analyze', file('bert.txt', text), '--model', fixture('tiny-bert'), '--mask', '3', '--json', out]);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(readFileSync(out, 'utf8')) as Json;
    assert.deepEqual(Object.keys(json.model).sort(), ['heads', 'id', 'kind', 'layers', 'maxPositions', 'modelType'].sort());
    assert.equal(json.model.kind, 'encoder');
    const T = json.tokens.length;
    assert.equal(json.attentions.length, json.model.layers);
    assert.equal(json.attentions[0].length, json.model.heads);
    assert.equal(json.attentions[0][0].length, T);
    assert.equal(json.attentions[0][0][0].length, T);
    assert.equal(json.tokens[0].special, true);
    assert.equal(json.tokens[0].start, null);
    assert.deepEqual(
      json.predictions.masked.map((m) => m.position),
      [3],
    );
    assert.ok(json.predictions.masked[0].top.length > 0);
    for (const t of json.tokens.filter((x) => !x.special))
      assert.equal(text.slice(t.start as number, t.end as number).toLowerCase(), t.text.replace(/^##/, ''));
    assert.match(r.stdout, /masked-word predictions/);
  });

  it('keeps the summary in columns when token names hold combining accents', () => {
    // Names were padded by UTF-16 units, so a name with an accent written apart (e + U+0301) pushed its
    // row one column left. (Wide characters and escapes: show.test.ts; the embedded vocabulary cuts
    // CJK into bytes.)
    const r = cli(['analyze', file('accents.txt', 'El río e\u0301l z\u0300\u0301\u0302\u0303 \u202eabc\u202c fin.')]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((line) => /^ {0,3}\d+ {2}/.test(line) && line.includes('→'));
    assert.ok(rows.length > 8, r.stdout);
    // Terminal columns, counted apart from the code under test: marks take none.
    const width = (s: string): number => [...s].reduce((n, c) => n + (/\p{M}/u.test(c) ? 0 : 1), 0);
    const starts = new Set(rows.map((line) => width(line.slice(0, line.search(/ (\d+–\d+ \d+:\d+|–) +→/)))));
    assert.equal(starts.size, 1, rows.join('\n'));
  });

  it('reads stdin, honours --from/--to and gives a decoder per-token surprisal and next tokens', () => {
    const text = 'skip this. return a + b; skip that';
    const from = text.indexOf('return');
    const to = text.indexOf(' skip that');
    const r = cli(['analyze', '-', '--model', fixture('tiny-gpt2'), '--from', String(from), '--to', String(to), '--json', '-'], text);
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as Json;
    assert.equal(json.model.kind, 'decoder');
    assert.equal(json.tokens[0].start, from);
    assert.equal(json.tokens.at(-1)?.end, to);
    assert.equal(json.predictions.perToken.length, json.tokens.length - 1);
    assert.ok(json.predictions.perToken.every((s) => s.rank >= 1 && s.p > 0 && s.p <= 1 && s.surprisal >= 0));
    assert.equal(json.predictions.next.length, 5);
  });

  it('prints a readable summary with the chosen layer and head', () => {
    const r = cli(['analyze', file('s.txt', 'hello world'), '--model', fixture('tiny-gpt2'), '--layer', '0', '--head', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /attention: layer 0, head 1/);
    assert.match(r.stdout, /next token: /);
  });

  it('writes each token’s probability as the panel does, never 0 % for a token of the text (it agrees with its bits)', () => {
    const r = cli(['analyze', file('banco.txt', 'El banco del río estaba lleno de peces.\n'), '--offline']);
    assert.equal(r.code, 0, r.stderr);
    const rows = [...r.stdout.matchAll(/p= *([<\d.]+)% +([\d.]+) bits/g)];
    assert.ok(rows.length >= 8, r.stdout);
    for (const [line, shown, bits] of rows) {
      assert.notEqual(Number(shown), 0, `a token the model read has a probability above 0: ${line}`);
      if (!shown.startsWith('<')) assert.ok(Math.abs(-Math.log2(Number(shown) / 100) - Number(bits)) < 0.2, `the percentage and the bits agree: ${line}`);
    }
  });

  it('reads byte-level pieces as text in a summary of text without whitespace (no "Ã" mojibake)', () => {
    const r = cli(['analyze', file('nospace.txt', 'río,niño'), '--model', fixture('tiny-gpt2')]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((line) => /^ +\d+ {2}/.test(line));
    assert.ok(rows.length > 0, r.stdout);
    assert.doesNotMatch(rows.join('\n'), /Ã/, r.stdout);
    assert.match(rows.join('\n'), /ñ|\uFFFD/, r.stdout);
  });

  it('names each piece of a character the tokenizer split as the panel does ("😀[1/4]"), never a bare "�"', () => {
    // The summary wrote every byte of an emoji, and of a bidi control, as U+FFFD: four identical
    // rows that said neither which character they were nor that they belonged together.
    const r = cli(['analyze', file('emoji.ts', 'const s = "😀 ok"; // \u202e x\n'), '--offline']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').filter((line) => /^ +\d+ {2}/.test(line) && line.includes('→'));
    assert.ok(rows.length > 8, r.stdout);
    const names = rows.map((line) => line.slice(6, line.search(/ +(\d+–\d+ \d+:\d+|–) +→/)).trim());
    assert.ok(!names.some((name) => name.includes('\uFFFD')), names.join(' | '));
    const parts = names.filter((name) => name.startsWith('😀['));
    assert.ok(parts.length >= 2, names.join(' | '));
    assert.deepEqual(
      parts,
      parts.map((_, i) => `😀[${i + 1}/${parts.length}]`),
    );
    assert.ok(
      names.some((name) => /\\u202e\[1\/\d\]/.test(name)),
      `the bidi control named, escaped: ${names.join(' | ')}`,
    );
  });

  it('reads code with an SVG or generic <mask> with the decoder: only [MASK], the embedded encoder’s mask, picks the encoder', () => {
    // '<mask>' picked the encoder, whose mask token is [MASK]: no word was masked, and the summary
    // said "no mask tokens: add [MASK]" for a file that never asked for masking.
    const r = cli(['analyze', file('mask.svg.ts', 'const icon = `<svg><mask id="m"/></svg>`;\ntype Bits = Array<mask>;\n'), '--offline']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^model +\S+ \(decoder,/);
    const masked = cli(['analyze', file('masked.ts', 'const x = [MASK];\n'), '--offline']);
    assert.match(masked.stdout, /^model +\S+ \(encoder,/);
  });

  const corrupt = path.join(work, 'corrupt');
  cpSync(fixture('tiny-bert'), corrupt, { recursive: true });
  writeFileSync(path.join(corrupt, 'onnx', 'model.onnx'), readFileSync(path.join(corrupt, 'onnx', 'model.onnx')).subarray(0, 4000));
  const alien = path.join(work, 'alien');
  cpSync(fixture('tiny-bert'), alien, { recursive: true });
  writeFileSync(path.join(alien, 'config.json'), '{"model_type":"vit","architectures":["ViTForImageClassification"]}');
  const partial = path.join(work, 'partial');
  cpSync(fixture('tiny-bert'), partial, { recursive: true, filter: (src) => !src.endsWith('tokenizer.json') });

  for (const [label, args, pattern] of [
    ['a missing file', ['analyze', path.join(work, 'nope.txt'), '--model', fixture('tiny-bert')], /file not found: .*nope\.txt/],
    ['an empty file', ['analyze', file('empty.txt', ''), '--model', fixture('tiny-bert')], /is empty/],
    // Said with the file's name, before any model loads: there was no selection, so no "selected text".
    [
      'a file of only whitespace',
      ['analyze', file('blank.py', '  \r\n\t\n'), '--model', path.join(work, 'nope')],
      /^attention-lens: \S*blank\.py holds only whitespace$/,
    ],
    [
      'a range of only whitespace',
      ['analyze', file('gap.py', 'x = 1\n\n\ny = 2\n'), '--from', '5', '--to', '8', '--model', path.join(work, 'nope')],
      /^attention-lens: characters 5–7 \(1:6–3:1\) of \S*gap\.py are only whitespace$/,
    ],
    ['a model folder missing files', ['analyze', file('a.txt', 'x'), '--model', partial], /missing tokenizer\.json/],
    ['a truncated ONNX file', ['analyze', file('b.txt', 'x'), '--model', corrupt], /model\.onnx.*(not a readable ONNX model|no graph)/],
    ['an unknown architecture', ['analyze', file('c.txt', 'x'), '--model', alien], /unsupported architecture "vit"/],
    ['a bad option value', ['analyze', file('d.txt', 'x'), '--model', fixture('tiny-bert'), '--layer', 'two'], /--layer must be a whole number/],
    ['a layer out of range', ['analyze', file('e.txt', 'x y'), '--model', fixture('tiny-bert'), '--layer', '7'], /--layer 7 is out of range/],
    // The extension's "choose that precision" named no option a terminal takes.
    [
      'a precision the model lacks, naming the option to pass',
      ['analyze', file('f.txt', 'x y'), '--model', fixture('tiny-gpt2'), '--precision', 'q8'],
      /has no q8 weights .*; it has fp16 \(onnx\/model_fp16\.onnx\), fp32 \(onnx\/model\.onnx\): run again with --precision fp16 or --precision fp32$/,
    ],
  ] as const) {
    it(`exits non-zero with one line for ${label}`, () => {
      const r = cli([...args]);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^attention-lens: /);
      assert.match(lines[0], pattern);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
  }
});

describe('attention-lens with hub ids', () => {
  const hub = new HubServer().repo('org/tiny-bert', fixture('tiny-bert'));
  before(() => hub.start());
  after(() => hub.stop());

  /** The CLI in a child process, asynchronously: the stand-in hub runs in this process. */
  async function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const r = await execFileAsync(process.execPath, [built('cli.cjs'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8' });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  it('downloads from HF_ENDPOINT into --cache-dir once, then works offline', async () => {
    const dir = scratch();
    const input = file('hub.txt', 'the river [MASK] was steep');
    const first = await run(['analyze', input, '--model', 'org/tiny-bert', '--cache-dir', dir], { HF_ENDPOINT: hub.host });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /model +org\/tiny-bert \(encoder/);
    assert.ok(existsSync(path.join(dir, 'hub', 'org', 'tiny-bert', 'onnx', 'model.onnx')));
    const asked = hub.requests.length;
    assert.ok(asked >= 3);
    const offline = await run(['analyze', input, '--model', 'org/tiny-bert', '--cache-dir', dir], { HF_ENDPOINT: hub.host, HF_HUB_OFFLINE: '1' });
    assert.equal(offline.code, 0, offline.stderr);
    assert.equal(hub.requests.length, asked, 'a cached model needs no request');
    const elsewhere = await run(['analyze', input, '--model', 'org/tiny-bert', '--cache-dir', scratch(), '--offline'], { HF_ENDPOINT: hub.host });
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.stderr, /^attention-lens: model org\/tiny-bert is not cached and remote downloads are disabled\n$/);
    assert.equal(hub.requests.length, asked, 'offline touches no server');
    const missing = await run(['analyze', input, '--model', 'org/none', '--cache-dir', dir], { HF_ENDPOINT: hub.host });
    assert.match(missing.stderr, /^attention-lens: model org\/none was not found on the hub \(HTTP 404 for config\.json\)/);
  });
});
