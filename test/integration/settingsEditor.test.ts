// The settings as a VS Code user meets them in a real extension host: a value typed into
// settings.json that the extension cannot use (a wrong type, out of range, an unknown choice) is
// said once, naming the setting, where it is set, what it takes and what applies meanwhile, with a
// way to the file; it is never silently ignored.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShownNotice } from '../../src/host/notify';
import { resetWorkbench, until } from './editorHelpers';
import { api, setting } from './host';

/** The keys these tests write (each afterEach takes them out again). */
const WRITTEN = ['maxTokens', 'device', 'allowRemoteModels', 'spotlightTokens'];

describe('Settings as a VS Code user edits them', function () {
  this.timeout(120_000);

  afterEach(async () => {
    for (const key of WRITTEN) await setting(key, undefined);
    await resetWorkbench();
  });

  it('a value it cannot use is said once, naming the setting, the value, what it takes and the default, with Open Settings', async () => {
    const lens = await api();
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('maxTokens', 'lots');
      const first = await until('a notice about maxTokens', () => notices.find((n) => n.message.includes('attentionLens.maxTokens')));
      assert.equal(first.severity, 'warning');
      assert.match(first.message, /"lots"/u, first.message);
      assert.match(first.message, /user settings/u, first.message);
      assert.match(first.message, /8 to 4096/u, first.message);
      assert.match(first.message, /512/u, first.message);
      assert.deepEqual(first.actions, ['Open Settings']);
      assert.equal(lens.config().maxTokens, 512, 'the default applies meanwhile');

      // Another setting's change (and the invalid ones of other kinds) does not repeat maxTokens's notice.
      await setting('device', 'gpu');
      await setting('allowRemoteModels', 'yes');
      await setting('spotlightTokens', 0);
      await until('notices about the other three', () => notices.length >= 4);
      await new Promise((r) => setTimeout(r, 300));
      const about = (key: string): ShownNotice[] => notices.filter((n) => n.message.includes(`attentionLens.${key}`));
      assert.equal(about('maxTokens').length, 1, notices.map((n) => n.message).join('\n'));
      assert.match(about('device')[0].message, /"cpu", "auto", "cuda"/u);
      assert.match(about('allowRemoteModels')[0].message, /true or false/u);
      assert.match(about('spotlightTokens')[0].message, /1 to 64/u);
      assert.equal(notices.length, 4, notices.map((n) => n.message).join('\n'));

      // Fixed, then broken again: said again.
      await setting('maxTokens', 16);
      await until('maxTokens applies', () => lens.config().maxTokens === 16);
      await setting('maxTokens', 5);
      await until('a second notice about maxTokens', () => about('maxTokens').length === 2);
      assert.match(about('maxTokens')[1].message, /is 5,/u);

      // Open Settings opens the user settings.json, where the value is.
      assert.ok(lens.chooseInNotification(about('maxTokens')[1].id, 'Open Settings'));
      const editor = await until('settings.json in an editor', () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('/settings.json') ? vscode.window.activeTextEditor : null,
      );
      assert.match(editor.document.getText(), /attentionLens\.maxTokens/u);
    } finally {
      sub.dispose();
    }
  });
});
