// A model cache under /proc (attentionLens.cacheDir "/proc/cache", or the CLI's --cache-dir): Node's
// recursive mkdir loops for ever where a parent refuses with ENOENT, so a download hung until the
// request's timeout and then read "took longer than 120 s". Now the folder is refused at once —
// and in words that name the folder and the setting, where it read Node's raw
// "ENOENT: no such file or directory, mkdir '/proc/…'" (the host shows it under "The model could
// not be stored", the code's localized headline).
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { withDownloadLock } from '../../../src/engine/downloadLock';
import { EngineError } from '../../../src/engine/errors';
import { scratch } from '../../support/paths';

async function outcome(folder: string): Promise<'ran' | 'hung' | Error> {
  const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref());
  return Promise.race([
    withDownloadLock(folder, {}, async () => 'ran').then(
      () => 'ran' as const,
      (error: Error) => error,
    ),
    hung,
  ]);
}

function assertRefused(result: 'ran' | 'hung' | Error, folder: string): void {
  assert.ok(result instanceof EngineError, `refused with an EngineError, not ${String(result)}`);
  assert.equal(result.code, 'disk-full');
  assert.ok(result.message.includes(folder), result.message);
  assert.match(result.message, /attentionLens\.cacheDir setting \(--cache-dir for the command line\)/);
  assert.doesNotMatch(result.message, /ENOENT|ENOTDIR|mkdir/);
}

describe('a model cache folder that cannot be made', () => {
  it('under /proc is refused at once, not waited on for ever, naming the folder and the setting', async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc here');
    assertRefused(await outcome('/proc/lens-no-such-folder/hub/org/model'), '/proc/lens-no-such-folder');
  });

  it('behind a file is refused naming the folder and the setting', async () => {
    const file = path.join(scratch(), 'a-file');
    writeFileSync(file, 'not a folder');
    assertRefused(await outcome(path.join(file, 'hub', 'org', 'model')), file);
  });
});
