// The CLI tests' child-process helper (cliRun.ts), on the bundled dist/cli.cjs: a --json larger than
// spawnSync's default 1 MiB buffer comes back whole (it was cut, with exit code null, and a test
// failed on "null !== 0" with an empty stderr), and a run that is cut all the same says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scratch } from '../../support/paths';
import { cliWith, writeIn } from './cliRun';

const cache = scratch();
/** 205 lines "el banco": senses reads 200 occurrences, whose matrices make about 1.4 MB of JSON. */
const MANY = writeIn(scratch(), 'many.txt', 'el banco\n'.repeat(205));

describe('the CLI tests’ cliWith', () => {
  it('returns a --json larger than 1 MiB whole, with its exit code', () => {
    const r = cliWith(cache)(['senses', MANY, '--word', 'banco', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.length > 1024 * 1024, `${r.stdout.length} characters`);
    assert.equal((JSON.parse(r.stdout) as { occurrences: unknown[] }).occurrences.length, 200);
  });

  it('throws, naming the cause, when the output is cut at its buffer', () => {
    const small = cliWith(cache, { maxBuffer: 64 * 1024 });
    assert.throws(
      () => small(['senses', MANY, '--word', 'banco', '--json']),
      (e: Error) => {
        assert.match(e.message, /ENOBUFS/);
        assert.match(e.message, /65536 bytes/);
        assert.ok(e.message.includes(`attention-lens senses ${MANY} --word banco --json`), `the command it ran: ${e.message}`);
        return true;
      },
    );
  });
});
