// Restricted Mode as a person meets it, in a real VS Code whose folder is not trusted
// (tools/vscode/untrusted.ts writes its settings: looser downloads, memory guard, analysis cache and
// debounce than the user's, a relative model folder, a cache folder). The workspace values that do
// not apply used to be dropped without a word; now one notice names each, with the value used
// instead, and offers Manage Workspace Trust. It is said again only when what it would say changes.
// Run: node --import tsx tools/vscode/runIntegration.ts --untrusted
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ShownNotice } from '../../src/host/notify';
import { api, setting } from '../integration/host';

async function until<T>(what: string, probe: () => T | undefined, ms = 20_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const found = probe();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('Restricted Mode: the workspace values that do not apply are said', function () {
  this.timeout(60_000);

  after(async () => {
    await setting('memoryBudgetMB', undefined);
    await setting('topK', undefined);
  });

  it('names each looser workspace value and the value used, with Manage Workspace Trust', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const lens = await api();
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      // The user's own memory budget changes what is used instead: said anew.
      await setting('memoryBudgetMB', 1024);
      const notice = await until('the Restricted Mode notice', () => notices.find((n) => /not trusted/u.test(n.message)));
      console.log(`restricted-mode notice: ${notice.message}`);
      assert.equal(notice.severity, 'info');
      assert.deepEqual(notice.actions, ['Manage Workspace Trust']);
      for (const part of [
        'attentionLens.allowRemoteModels true (used: false)',
        'attentionLens.memoryBudgetMB 0 (used: 1024)',
        'attentionLens.cacheMemoryMB 8192 (used: 256)',
        'attentionLens.surprisalDebounceMs 50 (used: 500)',
      ])
        assert.ok(notice.message.includes(part), `${part} in: ${notice.message}`);
      assert.doesNotMatch(notice.message, /maxTokens/u, 'a stricter token limit applies: nothing to say');
      assert.doesNotMatch(notice.message, /cacheDir/u, 'VS Code never takes the cache folder from a workspace: trust would not apply it');

      // Another setting's change that changes nothing of it says nothing more.
      await setting('topK', 5);
      await until('topK applies', () => (lens.config().topK === 5 ? true : undefined));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(notices.filter((n) => /not trusted/u.test(n.message)).length, 1, notices.map((n) => n.message).join('\n'));
    } finally {
      sub.dispose();
    }
  });
});
