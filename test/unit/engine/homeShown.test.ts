// A cache folder as a message names it: under the home folder it read in full
// ("/root/.cache/attention-lens/hub/org cannot be made…"); VS Code's own labels write the home
// folder as "~" (not on Windows, where "~" means nothing to a reader), and so do these messages.
// The attentionLens.cacheDir setting reads "~" as the home folder, and a shell does for
// --cache-dir ~/…, so the folder named can still be typed back where the message points.
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EngineError } from '../../../src/engine/errors';
import { cannotMake, cannotWrite } from '../../../src/engine/makeFolder';
import { diskFull } from '../../../src/engine/modelFiles';
import { shownPath } from '../../../src/engine/paths';

const fault = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('the home folder in a message', () => {
  it('is written "~" at the start of a path, and nowhere else', () => {
    assert.equal(shownPath('/home/ana/.cache/attention-lens', '/home/ana', 'linux'), '~/.cache/attention-lens');
    assert.equal(shownPath('/home/ana', '/home/ana', 'darwin'), '~');
    assert.equal(shownPath('/home/anabel/x', '/home/ana', 'linux'), '/home/anabel/x');
    assert.equal(shownPath('/srv/home/ana/x', '/home/ana', 'linux'), '/srv/home/ana/x');
    assert.equal(shownPath('/x', '/', 'linux'), '/x');
    assert.equal(shownPath('C:\\Users\\ana\\AppData', 'C:\\Users\\ana', 'win32'), 'C:\\Users\\ana\\AppData');
  });

  it('reads "~" in the cache errors that name a folder', (t) => {
    if (process.platform === 'win32') return t.skip('no "~" on Windows');
    const folder = path.join(os.homedir(), '.cache', 'attention-lens', 'hub', 'org');
    for (const error of [diskFull(fault('ENOSPC'), folder), cannotMake(fault('EACCES'), folder), cannotWrite(fault('EROFS'), folder)]) {
      assert.ok(error instanceof EngineError);
      assert.match(error.message, / ~\/\.cache\/attention-lens\/hub\/org[ ;]/);
      assert.ok(!error.message.includes(os.homedir() + path.sep), error.message);
    }
  });

  // A folder with a newline in its name read as one with a space (the error's one line): escaped, as a name is everywhere.
  it('escapes a newline in the folder a cache error names', () => {
    for (const error of [diskFull(fault('ENOSPC'), '/srv/a\nb'), cannotMake(fault('EACCES'), '/srv/a\nb'), cannotWrite(fault('EROFS'), '/srv/a\nb')]) {
      assert.ok(error instanceof EngineError);
      assert.ok(error.message.includes('/srv/a\\x0Ab'), error.message);
    }
  });
});
