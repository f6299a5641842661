// The CLI's own contract under hostile arguments (issue 14, "The CLI's own contract"): the bundled
// dist/cli.cjs as a child process under /usr/bin/time. Numbers are plain decimal digits only; --mask
// with a decoder, an unwritable --json and a folder/FIFO/device input are refused with exit 2 and
// one line — the last two before any model loads, and fast; a closed pipe ends quietly; a full
// disk is one line and exit 2; stderr never carries a deprecation warning.
// Bounds: a refusal measured 1.1–1.4 s and 72–74 MB here (Node start and the bundle); the
// asserted bounds are about 4× that.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HubServer } from '../support/hubServer';
import { fixture, scratch } from '../support/paths';
import { built } from '../support/build';
import { cli, oneLine, type CliRun } from './support/cliChild';
import { MAX_CANDIDATES } from '../../src/protocol/analysis';

const REFUSE_S = 6;
const REFUSE_KB = 300_000;
const work = scratch('lens-hostile-cli-');
const cache = path.join(work, 'cache');
const text = path.join(work, 'text.txt');
writeFileSync(text, 'The cat sat on the mat because it was warm.\n');

const run = (args: readonly string[], options?: Parameters<typeof cli>[1]): Promise<CliRun> => cli([...args, '--cache-dir', cache, '--offline'], options);

function fast(r: CliRun): void {
  assert.ok(r.seconds < REFUSE_S, `took ${r.seconds} s`);
  assert.ok(r.kb < REFUSE_KB, `peak ${r.kb} kB`);
}

describe('CLI numbers: plain non-negative decimal integers only', () => {
  const bad = ['', '0x5', '1e1', '-1', '1.5', ' 1', '+1', '١', '99999999999999999999'];
  for (const value of bad) {
    it(`--from "${value}" is refused with one line`, async () => {
      const r = await run(['analyze', text, `--from=${value}`]);
      assert.equal(oneLine(r), `attention-lens: --from must be a whole number ≥ 0 in decimal digits, got "${value}"`);
      fast(r);
    });
  }

  it('"--from -1" (a separate argument) is one line too, not parseArgs\' three lines and the usage', async () => {
    const r = await run(['analyze', text, '--from', '-1']);
    assert.equal(oneLine(r), 'attention-lens: --from must be a whole number ≥ 0 in decimal digits, got "-1"');
  });

  for (const name of ['to', 'layer', 'head', 'top-k']) {
    it(`--${name} 0x5 is refused`, async () => {
      const r = await run(['analyze', text, `--${name}`, '0x5']);
      assert.equal(oneLine(r), `attention-lens: --${name} must be a whole number ≥ 0 in decimal digits, got "0x5"`);
    });
  }

  // Above the candidates the engine keeps, a list used to stop short of K without a word.
  for (const value of ['0', String(MAX_CANDIDATES + 1), '65537']) {
    it(`--top-k ${value} is refused with the bounds of what the engine keeps, before any model loads`, async () => {
      const r = await run(['analyze', text, '--top-k', value]);
      assert.equal(oneLine(r), `attention-lens: --top-k must be a whole number from 1 to ${MAX_CANDIDATES}, got ${value}`);
      fast(r);
    });
  }

  for (const value of ['1,,2', '1,', ',1', '1,-2', '1;2']) {
    it(`--mask ${value} is refused (it used to mask [CLS])`, async () => {
      const r = await run(['analyze', text, '--mask', value]);
      assert.match(oneLine(r), /^attention-lens: --mask must be a whole number ≥ 0 in decimal digits, got "[^"]*"$/);
      fast(r);
    });
  }

  it('accepts leading zeros and spaces around list items ("--mask 01, 2")', async () => {
    const r = await run(['analyze', text, '--mask', '01, 2']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {3}1 .*\[masked\]$/m);
    assert.match(r.stdout, /^ {3}2 .*\[masked\]$/m);
  });
});

describe('CLI: refusals before any model loads', () => {
  const hub = new HubServer();
  before(async () => {
    hub.repo('org/tiny-bert', fixture('tiny-bert'));
    await hub.start();
  });
  after(() => hub.stop());

  it('--mask with a decoder is refused', async () => {
    const r = await run(['analyze', text, '--mask', '1', '--model', fixture('tiny-gpt2')]);
    assert.equal(oneLine(r), `attention-lens: masking needs an encoder; ${fixture('tiny-gpt2')} is a decoder`);
  });

  for (const [what, target] of [
    ['a missing folder', path.join(work, 'no-such-folder', 'out.json')],
    ['a folder', work],
    ['a file below a file', path.join(text, 'out.json')],
  ] as const) {
    it(`--json into ${what} is refused before the model downloads`, async () => {
      const before = hub.requests.length;
      const r = await cli(['analyze', text, '--model', 'org/tiny-bert', '--json', target, '--cache-dir', path.join(work, `cache-${what.length}`)], {
        env: { HF_ENDPOINT: hub.host },
      });
      assert.match(oneLine(r), new RegExp(`^attention-lens: --json ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be written: `));
      assert.equal(hub.requests.length, before, 'nothing was downloaded');
      fast(r);
    });
  }

  // A hub address without http(s):// used to read "Invalid URL" (no word of which address), and
  // ftp:// or file:// "could not download … from : fetch failed".
  for (const [address, shown] of [
    ['hub.example.com', 'hub.example.com'],
    ['ftp://user:secret@127.0.0.1:1/', 'ftp://127.0.0.1:1/'],
    ['user:secret@hub.example.com', 'hub.example.com'],
    ['file:///etc/', 'file:///etc/'],
    ['http://[::1', 'http://[::1'],
  ] as const) {
    it(`HF_ENDPOINT ${address} is refused with one line naming the address (never its password), before any download`, async () => {
      const r = await cli(['analyze', text, '--model', 'org/tiny-bert', '--cache-dir', path.join(work, 'cache-address')], { env: { HF_ENDPOINT: address } });
      assert.equal(
        oneLine(r),
        `attention-lens: cannot download org/tiny-bert: the hub address "${shown}" is not an http:// or https:// address (check HF_ENDPOINT, or the hub address setting)`,
      );
      fast(r);
    });
  }

  // An empty --cache-dir used to put the cache in the current folder; a file as the cache read
  // "ENOTDIR: not a directory, mkdir …"; a folder under /proc hung for ever (Node's recursive mkdir).
  for (const [what, folder, why] of [
    ['empty', '', 'give a folder'],
    ['a file', text, 'it is not a folder'],
    ['below a device', '/dev/null/cache', '/dev/null is not a folder'],
    ['under /proc', '/proc/lens-no-such-folder/cache', 'no such file or folder'],
  ] as const) {
    it(`--cache-dir ${what} is refused with one line, before any model loads`, async () => {
      const r = await cli(['analyze', text, '--model', 'org/tiny-bert', '--cache-dir', folder], { timeoutMs: 20_000 });
      assert.equal(oneLine(r), `attention-lens: --cache-dir ${folder || '""'} cannot be used: ${why}`);
      fast(r);
    });
  }

  // text.txt is 44 characters.
  for (const [args, line] of [
    [['--from', '9', '--to', '3'], '--from 9 must be less than --to 3'],
    [['--from', '5', '--to', '5'], '--from 5 must be less than --to 5 (the range would be empty)'],
    [['--to', '0'], '--from 0 must be less than --to 0 (the range would be empty)'],
    [['--from', '44'], '--from 44 is past the end of the text (44 characters)'],
    [['--from', '99999999999'], '--from 99999999999 is past the end of the text (44 characters)'],
    [['--to', '45'], '--to 45 is past the end of the text (44 characters)'],
  ] as const) {
    it(`${args.join(' ')} is refused with one line naming the options, before any model loads`, async () => {
      const r = await run(['analyze', text, ...args]);
      assert.equal(oneLine(r), `attention-lens: ${line}`);
      fast(r);
    });
  }

  it('an empty stdin is named as such', async () => {
    const r = await run(['analyze', '-'], { input: '' });
    assert.equal(oneLine(r), 'attention-lens: stdin is empty');
    fast(r);
  });

  it('a file longer than a string can hold is refused at once with its size, not with ERR_STRING_TOO_LONG', async () => {
    const huge = path.join(work, 'huge.txt');
    execFileSync('truncate', ['-s', '600M', huge]); // sparse: no disk written, no byte read
    const r = await run(['analyze', huge]);
    assert.match(
      oneLine(r),
      new RegExp(`^attention-lens: ${huge} is 600\\.0 MiB, more than the 512\\.0 MiB the command line reads; give it a part of the file`),
    );
    fast(r);
  });

  it('an endless or huge input that is not text is refused from its start, without reading it all', async (t) => {
    // /proc/self/pagemap stats as an empty regular file and reads on for terabytes (mostly NUL bytes).
    if (!existsSync('/proc/self/pagemap')) return t.skip('no /proc/self/pagemap here');
    const r = await run(['analyze', '/proc/self/pagemap'], { timeoutMs: 30_000 });
    assert.match(oneLine(r), /^attention-lens: \/proc\/self\/pagemap does not look like UTF-8 text: /);
    fast(r);
  });

  it('a folder as input is refused at once', async () => {
    const r = await run(['analyze', work]);
    assert.equal(oneLine(r), `attention-lens: ${work} is a folder, not a file: give a text file, or - for stdin`);
    fast(r);
  });

  it('a FIFO as input is refused at once (it used to block forever)', async () => {
    const fifo = path.join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = await run(['analyze', fifo], { timeoutMs: 20_000 });
    assert.equal(oneLine(r), `attention-lens: ${fifo} is a named pipe (FIFO), not a file: give a text file, or - for stdin`);
    fast(r);
  });

  for (const device of ['/dev/zero', '/dev/null', '/dev/urandom']) {
    it(`${device} as input is refused at once`, async () => {
      const r = await run(['analyze', device], { timeoutMs: 20_000 });
      assert.equal(oneLine(r), `attention-lens: ${device} is a device, not a file: give a text file, or - for stdin`);
      fast(r);
    });
  }
});

describe('CLI: files that are not UTF-8 text', () => {
  /** Deterministic bytes that look like compressed data. */
  const noise = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24));
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), noise(4000)]);
  const gzip = gzipSync(Buffer.from(Array.from({ length: 3000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join('')));
  for (const [what, bytes] of [
    ['a PNG', png],
    ['a gzip file', gzip],
    ['NUL bytes only', Buffer.alloc(300)],
  ] as const) {
    it(`${what} is refused with one line, before any model loads`, async () => {
      const file = path.join(work, `binary-${what.length}.bin`);
      writeFileSync(file, bytes);
      const r = await run(['analyze', file]);
      assert.match(
        oneLine(r),
        new RegExp(
          `^attention-lens: ${file} does not look like UTF-8 text: \\d+% of its first \\d+ bytes are NUL, control bytes or invalid UTF-8; give a UTF-8 text file$`,
        ),
      );
      fast(r);
    });
  }

  it('UTF-16 (with its byte-order mark) is refused with one line that says so, from a file or stdin', async () => {
    const file = path.join(work, 'utf16.txt');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The cat sat on the mat.\n', 'utf16le')]);
    writeFileSync(file, utf16);
    const r = await run(['analyze', file]);
    assert.equal(oneLine(r), `attention-lens: ${file} is UTF-16 text (it starts with a byte-order mark); convert it to UTF-8 first`);
    fast(r);
    const piped = await run(['analyze', '-'], { input: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('The cat sat.', 'utf16le').swap16()]) });
    assert.equal(oneLine(piped), 'attention-lens: stdin is UTF-16 text (it starts with a byte-order mark); convert it to UTF-8 first');
  });

  it('text with a few NULs, controls and invalid bytes is still analyzed', async () => {
    const file = path.join(work, 'dirty.txt');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('The cat\u0000 sat \u0001\u0002 on the \u0085 mat, '), Buffer.from([0xc3, 0x20, 0xff]), Buffer.from(' all day.\n')]),
    );
    const r = await run(['analyze', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^text +characters 0–\d+ \(1:1–\d+:\d+\), \d+ tokens$/m);
  });

  it('a UTF-8 byte-order mark is dropped as the editor drops it: the same offsets and the same analysis', async () => {
    const plain = 'The cat sat on the mat because it was warm.\n';
    const file = path.join(work, 'bom.txt');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)]));
    const past = await run(['analyze', file, '--to', String(plain.length + 1)]);
    assert.equal(oneLine(past), `attention-lens: --to ${plain.length + 1} is past the end of the text (${plain.length} characters)`);
    const range = ['--from', '4', '--to', '7'];
    const [withBom, without] = await Promise.all([run(['analyze', file, ...range]), run(['analyze', text, ...range])]);
    assert.equal(withBom.code, 0, withBom.stderr);
    assert.match(withBom.stdout, /^text +characters 4–6 \(1:5–1:7\), \d+ tokens$/m, '--from 4 --to 7: "cat", its last character 6');
    assert.equal(withBom.stdout, without.stdout);
  });

  it("lone CRs and mixed line ends are read as the editor holds them: the offsets and the analysis of the editor's text", async () => {
    const lines = ['The cat sat.', 'It was warm.', 'The end.'];
    const crOnly = path.join(work, 'cr.txt');
    const crlf = path.join(work, 'crlf.txt');
    writeFileSync(crOnly, `${lines.join('\r')}\r`);
    writeFileSync(crlf, `${lines.join('\r\n')}\r\n`);
    // The editor holds the CR-only file with CRLF line ends: "It" starts at 14 there, not 13.
    const range = ['--from', '14', '--to', '26', '--json', '-'];
    const [fromCr, fromCrlf] = await Promise.all([run(['analyze', crOnly, ...range]), run(['analyze', crlf, ...range])]);
    assert.equal(fromCr.code, 0, fromCr.stderr);
    assert.deepEqual(JSON.parse(fromCr.stdout).tokens, JSON.parse(fromCrlf.stdout).tokens);
    assert.equal(JSON.parse(fromCr.stdout).tokens[0].text, 'It');
    const mixed = path.join(work, 'mixed.txt');
    writeFileSync(mixed, 'a\nb\nc\r\nd\n');
    const past = await run(['analyze', mixed, '--to', '9']);
    assert.equal(oneLine(past), 'attention-lens: --to 9 is past the end of the text (8 characters)');
  });
});

describe('CLI output: closed pipes, full disks, clean stderr', () => {
  it('a closed pipe (| head) ends quietly with exit 0', async () => {
    // --scores on ~300 tokens writes megabytes of JSON: far more than a pipe buffer holds.
    const long = path.join(work, 'long.txt');
    writeFileSync(long, 'the quick brown fox jumps over the lazy dog '.repeat(30));
    const child = spawn(process.execPath, [built('cli.cjs'), 'analyze', long, '--scores', '--json', '-', '--cache-dir', cache, '--offline'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(d.toString('utf8', 0, 10))));
    child.stdout.destroy(); // as head does once it has its bytes
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(first.slice(0, 9), '{"model":');
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });

  it('a full disk on stdout (> /dev/full) is exit 2 and one line', async () => {
    const r = await run(['analyze', text], { stdout: '/dev/full' });
    assert.equal(oneLine(r), 'attention-lens: cannot write the output: no space left on the disk');
  });

  it('a full disk for --json is exit 2 and one line naming the file', async () => {
    const r = await run(['analyze', text, '--json', '/dev/full']);
    assert.equal(oneLine(r), 'attention-lens: cannot write /dev/full: no space left on the disk');
  });

  it('a good run writes nothing on stderr (no deprecation or experimental warnings)', async () => {
    const r = await run(['analyze', text]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, '');
    const j = await run(['analyze', text, '--json', '-', '--scores'], { input: '' });
    assert.equal(j.code, 0);
    assert.equal(j.stderr, '');
  });

  it('usage mistakes are one line too', async () => {
    assert.equal(oneLine(await run(['analyze'])), 'attention-lens: expected "analyze FILE" (see attention-lens --help)');
    assert.match(oneLine(await run(['analyze', text, '--bogus'])), /^attention-lens: Unknown option '--bogus'\..* \(see attention-lens --help\)$/);
    assert.equal(
      oneLine(await run(['analyze', text, '--model', '-x'])),
      'attention-lens: --model needs a value; to give one that starts with "-", write --model=-x',
    );
  });
});

mkdirSync(cache, { recursive: true });
