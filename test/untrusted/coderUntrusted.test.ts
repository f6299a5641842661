// Restricted Mode: a person's own invalid value of a setting the workspace may only tighten. The
// workspace here sets maxTokens 64 (tools/vscode/untrusted.ts); a user value of "lots" was replaced
// by the default without a word, since the merged value VS Code hands over is the workspace's, valid.
// Run: node --import tsx tools/vscode/runIntegration.ts --untrusted
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShownNotice } from '../../src/host/notify';
import { api, setting } from '../integration/host';

describe('Restricted Mode: the user’s own invalid value', function () {
  this.timeout(60_000);

  it('of a setting the workspace may only tighten is named, in the user settings, with the value that applies', async () => {
    const lens = await api();
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(vscode.workspace.getConfiguration('attentionLens').inspect('maxTokens')?.workspaceValue, 64);
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('maxTokens', 'lots');
      const deadline = Date.now() + 20_000;
      let notice: ShownNotice | undefined;
      while (!(notice = notices.find((n) => n.message.includes('attentionLens.maxTokens in your user settings'))) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.ok(notice, JSON.stringify(notices));
      assert.match(notice.message, /"lots"/u, notice.message);
      assert.match(notice.message, /\b64\b/u, 'the workspace’s stricter value applies');
      assert.equal(lens.config().maxTokens, 64);
    } finally {
      sub.dispose();
      await setting('maxTokens', undefined);
    }
  });
});
