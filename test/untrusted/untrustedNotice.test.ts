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
    await setting('surprisalDebounceMs', undefined);
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

  it('an invalid workspace value of a setting the workspace may only tighten names the user’s value, which applies, not the default', async () => {
    const lens = await api();
    const workspace = vscode.workspace.getConfiguration('attentionLens');
    const before = workspace.inspect('surprisalDebounceMs')?.workspaceValue;
    const notices: ShownNotice[] = [];
    const sub = lens.onDidNotify((n) => notices.push(n));
    try {
      await setting('surprisalDebounceMs', 800);
      await workspace.update('surprisalDebounceMs', -1, vscode.ConfigurationTarget.Workspace);
      const notice = await until('a notice about surprisalDebounceMs', () =>
        notices.find((n) => n.message.includes('attentionLens.surprisalDebounceMs in the workspace settings')),
      );
      console.log(`invalid-in-untrusted notice: ${notice.message}`);
      assert.equal(lens.config().surprisalDebounceMs, 800);
      assert.match(notice.message, /is -1,/u, notice.message);
      assert.match(notice.message, /800/u, notice.message);
      assert.doesNotMatch(notice.message, /default/u, notice.message);
    } finally {
      sub.dispose();
      await workspace.update('surprisalDebounceMs', before, vscode.ConfigurationTarget.Workspace);
      await setting('surprisalDebounceMs', undefined);
    }
  });
});
