// A model cache folder that is there but cannot be written (read-only disk, a folder of another
// user's): the download lock's file is the first thing written, and the failure read Node's raw
// "EACCES: permission denied, open '…/hub/org/model.lock'" or "EROFS: read-only file system, …",
// naming neither the folder in words nor the setting that picks another. Now it says both in one
// line. The machine runs as root, so chmod refuses nothing: /sys refuses new files even to root
// (EACCES, a real one), and a tmpfs mounted read-only gives a real EROFS where mount is allowed;
// EPERM is given to the function that words them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withDownloadLock } from '../../../src/engine/downloadLock';
import { EngineError } from '../../../src/engine/errors';
import { cannotWrite } from '../../../src/engine/makeFolder';
import { scratch } from '../../support/paths';

function assertWorded(error: unknown, folder: string, why: RegExp): void {
  assert.ok(error instanceof EngineError, `an EngineError, not ${String(error)}`);
  assert.equal(error.code, 'disk-full');
  assert.match(error.message, new RegExp(`^the model cache folder ${folder} cannot be written \\(`));
  assert.match(error.message, why);
  assert.match(error.message, /attentionLens\.cacheDir setting \(--cache-dir for the command line\)$/);
  assert.doesNotMatch(error.message, /EACCES|EROFS|EPERM|\.lock|\n/);
}

describe('a model cache folder that cannot be written', () => {
  it('refuses the download lock naming the folder and the setting (a real EACCES under /sys)', async (t) => {
    if (!existsSync('/sys/kernel')) return t.skip('no /sys here');
    const error = await withDownloadLock('/sys/lens-no-such-model', {}, async () => 'ran').then(
      (ran) => ran,
      (e: unknown) => e,
    );
    assertWorded(error, '/sys', /permission denied/);
  });

  it('refuses it on a read-only file system (a real EROFS: a tmpfs mounted read-only)', async (t) => {
    const mount = scratch('lens-ro-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', mount], { stdio: 'ignore' });
    } catch {
      return t.skip('cannot mount a tmpfs here (not root)');
    }
    try {
      const error = await withDownloadLock(path.join(mount, 'model'), {}, async () => 'ran').then(
        (ran) => ran,
        (e: unknown) => e,
      );
      assertWorded(error, mount, /the file system is read-only/);
    } finally {
      execFileSync('umount', [mount]);
    }
  });

  it('words a read-only file system and a refusal, and leaves other errors alone', () => {
    const fault = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: …`), { code });
    assertWorded(cannotWrite(fault('EROFS'), '/mnt/cd/hub/org'), '/mnt/cd/hub/org', /the file system is read-only/);
    assertWorded(cannotWrite(fault('EPERM'), '/c/hub/org'), '/c/hub/org', /not permitted/);
    assert.equal(cannotWrite(fault('EIO'), '/c'), null);
  });
});
