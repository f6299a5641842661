// A model cache under /proc (attentionLens.cacheDir "/proc/cache", or the CLI's --cache-dir): Node's
// recursive mkdir loops for ever where a parent refuses with ENOENT, so a download hung until the
// request's timeout and then read "took longer than 120 s". Now the folder is refused at once.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { withDownloadLock } from '../../../src/engine/downloadLock';

describe('a model cache folder that cannot be made', () => {
  it('under /proc is refused at once, not waited on for ever', async (t) => {
    if (!existsSync('/proc/self')) return t.skip('no /proc here');
    const hung = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000).unref());
    const outcome = await Promise.race([
      withDownloadLock('/proc/lens-no-such-folder/hub/org/model', {}, async () => 'ran').then(
        () => 'ran',
        (error: NodeJS.ErrnoException) => error.code,
      ),
      hung,
    ]);
    assert.equal(outcome, 'ENOENT');
  });
});
