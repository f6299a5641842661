// A full disk while the engine writes the model cache (issue 14, item 11's remainder): the engine
// fails with its own code, `disk-full`, whose one line names the folder and the
// attentionLens.cacheDir setting, and leaves no half-written entry; the host says so in the UI's
// language and offers Retry, not "internal" and Show Log. The stand-in for a full disk is
// fs/promises' writeFile failing with ENOSPC for files under the cache (in process, so it runs
// anywhere); the command line meets a real one, a 64 KiB tmpfs, where this machine lets us mount it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import fsPromises from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, describe, it, mock } from 'node:test';
import { Engine } from '../../src/engine/engine';
import { EngineError } from '../../src/engine/errors';
import { failureActions, failureMessage } from '../../src/host/analyses/failure';
import { useLocale } from '../../src/host/l10n';
import { ENGLISH } from '../../src/protocol/locale';
import { ROOT, fixture, scratch } from '../support/paths';
import { cli, oneLine } from './support/cliChild';

const SPANISH = JSON.parse(readFileSync(path.join(ROOT, 'l10n/bundle.l10n.es.json'), 'utf8')) as Record<string, string>;

const fullLine = (folder: string): string =>
  `the disk is full: nothing more can be written to ${folder}; free some space there, or move the model cache to another disk with the attentionLens.cacheDir setting (--cache-dir for the command line)`;

/** writeFile fails with ENOSPC for every file whose path passes `full`, as on a full disk. */
function fillDisk(full: (file: string) => boolean): void {
  const real = fsPromises.writeFile.bind(fsPromises) as (...args: unknown[]) => Promise<void>;
  const standIn = (file: unknown, ...rest: unknown[]): Promise<void> => {
    if (typeof file === 'string' && full(file)) {
      const error = Object.assign(new Error(`ENOSPC: no space left on device, open '${file}'`), { code: 'ENOSPC', errno: -28, syscall: 'open' });
      return Promise.reject(error);
    }
    return real(file, ...rest);
  };
  mock.method(fsPromises, 'writeFile', standIn as typeof fsPromises.writeFile);
  syncBuiltinESMExports(); // the engine's `import { writeFile }` sees the stand-in too
}

async function loadFailure(cache: string): Promise<EngineError> {
  const engine = new Engine({ cacheDir: cache });
  try {
    await engine.load(fixture('tiny-gpt2'));
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return error;
  } finally {
    await engine.dispose();
  }
  throw new Error('the load succeeded on a full disk');
}

describe('a full disk under the model cache', () => {
  afterEach(() => {
    mock.restoreAll();
    syncBuiltinESMExports();
    useLocale(ENGLISH);
  });

  it('fails writing the patched model with disk-full, naming the folder and the setting, and keeps no half entry', async () => {
    const cache = scratch();
    fillDisk((file) => file.endsWith('model_attn.onnx'));
    const error = await loadFailure(cache);
    assert.equal(error.code, 'disk-full');
    assert.equal(error.message, fullLine(path.join(cache, 'patched')));
    const left = readdirSync(path.join(cache, 'patched'));
    assert.deepEqual(
      left.filter((name) => name !== 'hashes.json'),
      [],
      `no entry and no temporary folder: ${left.join(', ')}`,
    );
  });

  it('fails writing the hash index with disk-full too', async () => {
    const cache = scratch();
    fillDisk((file) => file.includes('hashes.json'));
    const error = await loadFailure(cache);
    assert.equal(error.code, 'disk-full');
    assert.equal(error.message, fullLine(path.join(cache, 'patched')));
  });

  it('loads once there is room again (nothing left behind stands in the way)', async () => {
    const cache = scratch();
    fillDisk((file) => file.endsWith('model_attn.onnx'));
    await loadFailure(cache);
    mock.restoreAll();
    syncBuiltinESMExports();
    const engine = new Engine({ cacheDir: cache });
    try {
      const loaded = await engine.load(fixture('tiny-gpt2'));
      assert.ok(loaded.facts);
    } finally {
      await engine.dispose();
    }
  });

  it('is said in the UI language with the folder and the setting, and offers Retry rather than Show Log', () => {
    const error = new EngineError('disk-full', fullLine('/cache/patched'));
    assert.equal(failureMessage(error), `The model could not be stored: ${fullLine('/cache/patched')}`);
    useLocale({ language: 'es', pseudo: false, bundle: SPANISH });
    assert.equal(failureMessage(error), `No se pudo guardar el modelo: ${fullLine('/cache/patched')}`);
    assert.deepEqual(failureActions('disk-full', true), ['retry']);
    assert.deepEqual(failureActions('disk-full', false), ['retry']);
  });

  it('the command line says so in one line (a real full disk: a 64 KiB tmpfs)', async (t) => {
    const mount = scratch('lens-full-patch-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      t.skip('cannot mount a small tmpfs here (not root): the stand-in cases above cover the engine');
      return;
    }
    try {
      const cache = path.join(mount, 'cache');
      mkdirSync(cache);
      const text = path.join(scratch(), 'text.txt');
      writeFileSync(text, 'hello world');
      const r = await cli(['analyze', text, '--model', fixture('tiny-gpt2'), '--cache-dir', cache]);
      assert.equal(oneLine(r), `attention-lens: ${fullLine(path.join(cache, 'patched'))}`);
      const left = existsSync(path.join(cache, 'patched')) ? readdirSync(path.join(cache, 'patched')) : [];
      assert.deepEqual(
        left.filter((name) => name !== 'hashes.json'),
        [],
      );
    } finally {
      execFileSync('umount', [mount]);
    }
  });
});
