// Commands that cannot do what they were asked, inside a real extension host: they say so, in a
// notification, instead of claiming success, throwing or staying silent — a course reset that
// failed, a line argument that is no number.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/host/analyses/analysisRunner';
import type { AttentionLensApi } from '../../src/host/extension';
import type { ShownNotice } from '../../src/host/notify';
import { open, resetWorkbench } from './editorHelpers';
import { api } from './host';

/** What `work` returns, with every notification shown while it ran. */
async function noticed<T>(lens: AttentionLensApi, work: () => Thenable<T>): Promise<{ result: T; shown: ShownNotice[] }> {
  const shown: ShownNotice[] = [];
  const sub = lens.onDidNotify((n) => shown.push(n));
  try {
    return { result: await work(), shown };
  } finally {
    sub.dispose();
  }
}

describe('Host refusals', function () {
  this.timeout(120_000);

  afterEach(async () => {
    await resetWorkbench();
  });

  it('Reset Course Progress says the reset failed when it failed, and never that it reset', async () => {
    const lens = await api();
    const reset = lens.course.reset;
    lens.course.reset = () => Promise.reject(new Error('the progress could not be written'));
    try {
      const { shown } = await noticed(lens, () => vscode.commands.executeCommand('attentionLens.resetCourse'));
      assert.ok(
        shown.some((n) => n.severity === 'error' && n.message.includes('the progress could not be written')),
        JSON.stringify(shown),
      );
      assert.ok(!shown.some((n) => /progress reset/i.test(n.message)), JSON.stringify(shown));
    } finally {
      lens.course.reset = reset;
    }
  });
  it('Analyze from Line refuses a line that is no number, with a message, instead of throwing', async () => {
    const lens = await api();
    await open('river.md');
    for (const line of ['seven', null, Number.NaN, { n: 3 }]) {
      const { result, shown } = await noticed(lens, () => vscode.commands.executeCommand('attentionLens.analyzeFromLine', { line }) as Thenable<RunOutcome>);
      assert.equal(result.ok, false, `${JSON.stringify(line)}: ${JSON.stringify(result)}`);
      assert.ok(!result.ok && result.code === 'bad-input' && /line number/.test(result.message), JSON.stringify(result));
      assert.ok(
        shown.some((n) => !result.ok && n.message.includes(result.message)),
        JSON.stringify(shown),
      );
    }
  });
});
